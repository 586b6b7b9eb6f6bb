package dev.kintoj.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintoj.PackagedApp;
import dev.kintoj.PostgresAdmin;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * docker-compose.yml run without Docker: the packaged service gets exactly the environment the compose file
 * declares (with the values of .env.example), its host names mapped to the local PostgreSQL and Redis, the
 * PostgreSQL image's own initialisation (user, password, database) played on the local server. So the compose file
 * cannot drift from what the service reads.
 */
class ComposeIT {

    private static final Pattern VARIABLE = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([-?])([^}]*))?}");
    private static final String DATABASE = System.getProperty("test.db", "kintoj") + "_compose";

    @Test
    void migrateThenServeWithTheComposeEnvironment() throws Exception {
        Map<String, String> dotEnv = dotEnv(Path.of(".env.example"));
        JsonNode services = Manifests.read(Path.of("docker-compose.yml")).get("services");
        JsonNode service = services.get("kintoj");
        JsonNode migrate = services.get("migrate");

        assertEquals(migrate.get("image").asText(), service.get("image").asText(), "migrate runs the service's image");
        assertTrue(Files.exists(Path.of(migrate.at("/build/dockerfile").asText())), "the image's Dockerfile");
        assertEquals("service_completed_successfully", service.at("/depends_on/migrate/condition").asText());
        assertEquals("service_healthy", migrate.at("/depends_on/postgres/condition").asText());
        assertTrue(service.get("read_only").asBoolean() && migrate.get("read_only").asBoolean(), "read-only root");
        assertEquals("8888", service.get("ports").get(0).asText().split(":")[1]);

        // The postgres image creates its user and database from its environment: the same, on the local server.
        Map<String, String> postgres = environment(services.get("postgres"), dotEnv);
        String user = postgres.get("POSTGRES_USER");
        String composeDatabase = postgres.get("POSTGRES_DB");
        PostgresAdmin.query("postgres", "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + user
                + "') THEN CREATE ROLE " + user + " LOGIN; END IF; END $$");
        PostgresAdmin.query("postgres", "ALTER ROLE " + user + " PASSWORD '" + postgres.get("POSTGRES_PASSWORD") + "'");
        PostgresAdmin.recreate(DATABASE);
        PostgresAdmin.query("postgres", "ALTER DATABASE " + DATABASE + " OWNER TO " + user);

        Map<String, String> migrateEnv = localHosts(environment(migrate, dotEnv), composeDatabase);
        ServiceSettings.assertAllRead("docker-compose.yml (migrate)", migrateEnv.keySet());
        migrateEnv.put("QUARKUS_HTTP_PORT", String.valueOf(PackagedApp.freePort()));
        List<String> command = new ArrayList<>();
        migrate.get("command").forEach(c -> command.add(c.asText()));
        Process migration = PackagedApp.start(command, migrateEnv);
        assertTrue(migration.waitFor(60, TimeUnit.SECONDS), "migrate should exit by itself");
        String output = new String(migration.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, migration.exitValue(), output);
        assertEquals(List.of(user), PostgresAdmin.query(DATABASE,
                "SELECT tableowner FROM pg_tables WHERE tablename = 'objects'"), "tables created as the compose user");

        Map<String, String> serviceEnv = localHosts(environment(service, dotEnv), composeDatabase);
        ServiceSettings.assertAllRead("docker-compose.yml (kintoj)", serviceEnv.keySet());
        try (PackagedApp app = PackagedApp.launch("compose", serviceEnv)) {
            HttpClient http = HttpClient.newHttpClient();
            String alice = "Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8));
            String json = "application/json";
            assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(app.base() + "/buckets/composed"))
                    .header("Authorization", alice).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode(), app.logTail(20));
            assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(app.base() + "/buckets/composed/collections/c"))
                    .header("Authorization", alice).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            assertEquals(201, http.send(HttpRequest.newBuilder(URI.create(app.base() + "/buckets/composed/collections/c/records"))
                    .header("Authorization", alice).header("Content-Type", json)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"n\":1}}")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
            HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(URI.create(app.base() + "/buckets/composed")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, anonymous.statusCode(), "authenticated users create buckets, anonymous ones see nothing");
            String health = service.at("/healthcheck/test").get(service.at("/healthcheck/test").size() - 1).asText();
            HttpResponse<String> heartbeat = http.send(HttpRequest.newBuilder(URI.create(
                    health.replace("127.0.0.1:8888", "127.0.0.1:" + app.port()))).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, heartbeat.statusCode(), heartbeat.body());
            assertTrue(!app.log().contains("userid_hmac_secret is not set"), app.logTail(30));
        }
        assertEquals(List.of("1"), PostgresAdmin.query(DATABASE, "SELECT count(*) FROM objects WHERE resource_name = 'record'"));
    }

    /** A service's environment with compose's interpolation (${X}, ${X:-default}, ${X:?error}, $$). */
    private static Map<String, String> environment(JsonNode service, Map<String, String> dotEnv) {
        Map<String, String> environment = new HashMap<>();
        service.get("environment").fields().forEachRemaining(e -> environment.put(e.getKey(), interpolate(e.getValue().asText(), dotEnv)));
        return environment;
    }

    private static String interpolate(String value, Map<String, String> dotEnv) {
        Matcher matcher = VARIABLE.matcher(value);
        StringBuilder result = new StringBuilder();
        while (matcher.find()) {
            String set = dotEnv.get(matcher.group(1));
            String replacement;
            if (set != null && !set.isEmpty()) {
                replacement = set;
            } else if ("-".equals(matcher.group(2))) {
                replacement = matcher.group(3);
            } else {
                throw new AssertionError("${" + matcher.group(1) + "} is required and not in .env.example");
            }
            matcher.appendReplacement(result, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(result);
        return result.toString().replace("$$", "$");
    }

    /** The compose network's host names are the local servers here; the database gets the test run's own name. */
    private static Map<String, String> localHosts(Map<String, String> environment, String composeDatabase) {
        Map<String, String> mapped = new HashMap<>();
        environment.forEach((k, v) -> mapped.put(k, v.replace("@postgres:5432/" + composeDatabase, "@127.0.0.1:5432/" + DATABASE)
                .replace("redis://redis:", "redis://127.0.0.1:")));
        return mapped;
    }

    private static Map<String, String> dotEnv(Path path) throws Exception {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(path)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                values.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            }
        }
        return values;
    }
}
