package dev.kintoj.permission.postgresql;

import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.permission.PermissionBackendContractTest;
import dev.kintoj.postgresql.TestDatabase;

/** The permission contract run against the PostgreSQL backend on a real server. */
class PostgresPermissionBackendTest extends PermissionBackendContractTest {
    @Override
    protected PermissionBackend createBackend() {
        return new PostgresPermissionBackend(TestDatabase.get());
    }
}
