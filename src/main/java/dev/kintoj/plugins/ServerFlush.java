package dev.kintoj.plugins;

import dev.kintoj.cache.Cache;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.storage.Storage;
import dev.kintoj.storage.Transactions;
import io.smallrye.mutiny.Uni;

/** The flush plugin's work (plugins.md §4): empties the storage, permission and cache backends. */
public final class ServerFlush {

    private final Storage storage;
    private final PermissionBackend permissions;
    private final Cache cache;
    private final Transactions transactions;

    public ServerFlush(Storage storage, PermissionBackend permissions, Cache cache, Transactions transactions) {
        this.storage = storage;
        this.permissions = permissions;
        this.cache = cache;
        this.transactions = transactions;
    }

    /**
     * Objects and ACLs go together (one unit of work: never objects without their ACLs, or the reverse); the cache
     * is outside transactions and is emptied once they are gone.
     */
    public Uni<Void> run() {
        return transactions.inTransaction(() -> storage.flush().chain(permissions::flush))
                .chain(cache::flush);
    }
}
