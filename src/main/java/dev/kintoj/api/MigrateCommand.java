package dev.kintoj.api;

import dev.kintoj.cache.Cache;
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
                 Cache cache) {
        if (!Boolean.getBoolean(KintoMain.MIGRATE_PROPERTY)) {
            return;
        }
        LOG.infof("Migration done: storage %s, permission %s, cache %s", describe(settings.storageBackend()),
                describe(settings.permissionBackend()), describe(settings.cacheBackend()));
        Quarkus.asyncExit(0);
    }

    private static String describe(BackendName backend) {
        return backend == BackendName.POSTGRESQL ? "PostgreSQL tables up to date" : "in memory (nothing to migrate)";
    }
}
