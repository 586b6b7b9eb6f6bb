package dev.kintoj.permission.memory;

import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.permission.PermissionBackendContractTest;

class MemoryPermissionBackendTest extends PermissionBackendContractTest {
    @Override
    protected PermissionBackend createBackend() {
        return new MemoryPermissionBackend();
    }
}
