package dev.kintoj.platform;

import dev.kintoj.config.BackendName;
import dev.kintoj.config.KintoSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * A service that keeps its data (PostgreSQL) without {@code userid_hmac_secret} derives every basicauth user id with
 * a key anyone can guess, and would change them all when a secret is set later: say so at startup, as Kinto's
 * generated configuration always sets one.
 */
@ApplicationScoped
public class MissingSecretWarning {

    private static final Logger LOG = Logger.getLogger(MissingSecretWarning.class);

    void onStart(@Observes StartupEvent event, KintoSettings settings) {
        String message = message(settings);
        if (message != null) {
            LOG.warn(message);
        }
    }

    static String message(KintoSettings settings) {
        boolean persistent = settings.storageBackend() == BackendName.POSTGRESQL
                || settings.permissionBackend() == BackendName.POSTGRESQL;
        if (!persistent || settings.useridHmacSecret().filter(s -> !s.isBlank()).isPresent()) {
            return null;
        }
        return "userid_hmac_secret is not set: user ids are HMACs keyed with an empty secret, which anyone can"
                + " compute, and setting one later changes every user id (and so every permission granted to them)."
                + " Set KINTO_USERID_HMAC_SECRET or KINTO_USERID_HMAC_SECRET_FILE to a long random value"
                + " (e.g. `openssl rand -hex 32`).";
    }
}
