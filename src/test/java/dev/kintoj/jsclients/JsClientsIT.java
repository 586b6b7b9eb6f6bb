package dev.kintoj.jsclients;

import dev.kintoj.PackagedApp;
import dev.kintoj.PostgresAdmin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The official JavaScript clients against the packaged service (the native binary with -Dnative): kinto.js (its HTTP
 * client and its offline-first sync) and kinto-http 5, pinned in {@code src/test/js/package-lock.json}, run the
 * scenarios of {@code src/test/js/scenarios} on the in-memory backends and on PostgreSQL. A second service, set up
 * to send Backoff and end-of-service Alert headers, serves the scenarios of those signals.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class JsClientsIT {

    private static final String DATABASE = System.getProperty("test.db", "kintoj") + "_it_jsclients";
    private static PackagedApp signals;

    @BeforeAll
    static void install() throws Exception {
        Assumptions.assumeFalse(Boolean.getBoolean("jsclients.skip"), "-Djsclients.skip=true");
        NodeScenarios.requireNode();
        NodeScenarios.install();
        Map<String, String> env = settings();
        env.put("KINTO_BACKOFF", "10");
        env.put("KINTO_EOS", "2099-01-01");
        env.put("KINTO_EOS_MESSAGE", "This service will soon be decommissioned");
        env.put("KINTO_EOS_URL", "https://example.com/eol");
        signals = PackagedApp.launch("jsclients-signals", env);
    }

    @AfterAll
    static void stopSignals() throws Exception {
        if (signals != null) {
            signals.close();
        }
    }

    /**
     * Kinto's usual plugins for these clients: personal bucket, history (snapshots), flush (a flushed server), and
     * attachments on a local folder that the service serves under /attachments/.
     */
    private static Map<String, String> settings() throws java.io.IOException {
        Map<String, String> env = new HashMap<>();
        env.put("KINTO_INCLUDES", "kinto.plugins.default_bucket kinto.plugins.history kinto.plugins.flush kinto_attachment");
        env.put("KINTO_ATTACHMENT_BASE_PATH", java.nio.file.Files.createTempDirectory("kintoj-js-attachments").toString());
        env.put("KINTO_ATTACHMENT_BASE_URL", "/attachments/");
        env.put("MULTIAUTH_POLICIES", "basicauth");
        env.put("KINTO_EXPERIMENTAL_PERMISSIONS_ENDPOINT", "true");
        return env;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"memory", "postgresql"})
    void officialClientScenariosPass(String backend) throws Exception {
        Map<String, String> env = settings();
        if (backend.equals("postgresql")) {
            PostgresAdmin.recreate(DATABASE);
            for (String store : List.of("STORAGE", "PERMISSION", "CACHE")) {
                env.put("KINTO_" + store + "_BACKEND", "postgresql");
                env.put("KINTO_" + store + "_URL", PostgresAdmin.url(DATABASE));
            }
        }
        try (PackagedApp app = PackagedApp.launch("jsclients-" + backend, env)) {
            try {
                NodeScenarios.run(backend, Map.of("KINTO_SERVER", app.base(), "KINTO_SIGNALS_SERVER", signals.base()));
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "\n" + app.logTail(30), e);
            }
        }
    }
}
