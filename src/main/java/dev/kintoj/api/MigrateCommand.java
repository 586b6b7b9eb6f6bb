package dev.kintoj.api;

import dev.kintoj.cache.Cache;
import dev.kintoj.cli.CommandProperties;
import dev.kintoj.config.DynamicSettings;
import dev.kintoj.postgresql.Database;
import dev.kintoj.postgresql.Databases;
import dev.kintoj.postgresql.Schema;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Optional;
import dev.kintoj.config.BackendName;
import dev.kintoj.config.KintoMain;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.storage.Storage;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * {@code kintoj migrate}: the backends were built at startup, which applied their schema scripts (or failed and
 * stopped startup with the reason); nothing is left but to say so and exit.
 */
@ApplicationScoped
public class MigrateCommand {

    private static final Logger LOG = Logger.getLogger(MigrateCommand.class);

    /** The backends are injected so that they are built (and their tables created) before this runs. */
    void onStart(@Observes StartupEvent event, KintoSettings settings, Storage storage, PermissionBackend permissions,
                 Cache cache, Databases databases, DynamicSettings dynamic) {
        if (!Boolean.getBoolean(KintoMain.MIGRATE_PROPERTY)) {
            return;
        }
        if (CommandProperties.dryRun()) {
            // Like `kinto migrate --dry-run`: say what the scripts would do, write nothing.
            dryRun("storage", settings.storageBackend(), settings.storageUrl(), Schema.STORAGE, "objects", databases, dynamic);
            dryRun("permission", settings.permissionBackend(), settings.permissionUrl(), Schema.PERMISSION,
                    "access_control_entries", databases, dynamic);
            dryRun("cache", settings.cacheBackend(), settings.cacheUrl(), Schema.CACHE, "cache", databases, dynamic);
            Quarkus.asyncExit(0);
            return;
        }
        LOG.infof("Migration done: storage %s, permission %s, cache %s", describe(settings.storageBackend()),
                describe(settings.permissionBackend()), describe(settings.cacheBackend()));
        Quarkus.asyncExit(0);
    }

    private static void dryRun(String backend, BackendName name, Optional<String> url, Schema schema, String table,
                               Databases databases, DynamicSettings dynamic) {
        if (name != BackendName.POSTGRESQL) {
            System.err.println("INFO   Memory " + backend + " backend: nothing to migrate.");
            return;
        }
        Database database = Backends.database(backend, url, dynamic, databases, null);
        boolean present = database.query("SELECT to_regclass($1) IS NOT NULL AS present", Tuple.of(table))
                .await().indefinitely().iterator().next().getBoolean("present");
        System.err.println(present ? "INFO   PostgreSQL " + backend + " schema is up-to-date."
                : "INFO   Create PostgreSQL " + backend + " schema from " + schema.resource() + " (dry run: nothing was written).");
    }

    private static String describe(BackendName backend) {
        return backend == BackendName.POSTGRESQL ? "PostgreSQL tables up to date" : "in memory (nothing to migrate)";
    }
}
