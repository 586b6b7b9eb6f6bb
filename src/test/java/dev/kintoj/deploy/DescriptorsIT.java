package dev.kintoj.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The one-click and serverless descriptors (Render, Fly.io, Heroku, Knative/Cloud Run): each wires the database
 * through DATABASE_URL and secrets through the platform, sets only settings the service reads, points its health
 * checks at paths the service answers, scales to zero where the platform can, and runs the real commands.
 */
class DescriptorsIT {

    private static final String DATABASE = System.getProperty("test.db", "kintoj") + "_descriptors";
    private static PackagedApp app;

    @BeforeAll
    static void service() throws Exception {
        app = PackagedApp.launch("descriptors", Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        app.close();
    }

    @Test
    void renderBlueprint() throws Exception {
        JsonNode web = Manifests.read(Path.of("render.yaml")).get("services").get(0);
        assertEquals("docker", web.get("runtime").asText());
        assertTrue(Files.exists(Path.of(web.get("dockerfilePath").asText())), "its Dockerfile");
        assertAnswers(web.get("healthCheckPath").asText());
        Map<String, JsonNode> env = new HashMap<>();
        web.get("envVars").forEach(v -> env.put(v.get("key").asText(), v));
        ServiceSettings.assertAllRead("render.yaml", env.keySet());
        assertEquals("connectionString", env.get("DATABASE_URL").at("/fromDatabase/property").asText());
        String database = env.get("DATABASE_URL").at("/fromDatabase/name").asText();
        assertTrue(Manifests.read(Path.of("render.yaml")).get("databases").findValuesAsText("name").contains(database));
        assertTrue(env.get("KINTO_USERID_HMAC_SECRET").get("generateValue").asBoolean(), "the secret is generated");
    }

    @Test
    void flyScalesToZeroAndMigratesOnRelease() throws Exception {
        JsonNode fly = new TomlMapper().readTree(Files.readString(Path.of("fly.toml")));
        assertTrue(Files.exists(Path.of(fly.at("/build/dockerfile").asText())));
        JsonNode http = fly.get("http_service");
        assertEquals(8888, http.get("internal_port").asInt());
        assertEquals("stop", http.get("auto_stop_machines").asText());
        assertEquals(0, http.get("min_machines_running").asInt());
        assertTrue(http.get("auto_start_machines").asBoolean());
        assertAnswers(http.get("checks").get(0).get("path").asText());
        List<String> env = new ArrayList<>();
        fly.get("env").fieldNames().forEachRemaining(env::add);
        ServiceSettings.assertAllRead("fly.toml", env);
        assertTrue(!env.contains("DATABASE_URL") && !env.contains("KINTO_USERID_HMAC_SECRET"),
                "secrets come from `fly secrets` and `fly postgres attach`, not from the file");
        assertMigrates(List.of(fly.at("/deploy/release_command").asText().split("\\s+")));
    }

    @Test
    void herokuButtonAndProcfile() throws Exception {
        JsonNode appJson = new ObjectMapper().readTree(Files.readString(Path.of("app.json")));
        assertEquals("DATABASE", appJson.get("addons").get(0).get("as").asText(), "the add-on sets DATABASE_URL");
        assertEquals("secret", appJson.at("/env/KINTO_USERID_HMAC_SECRET/generator").asText());
        List<String> env = new ArrayList<>();
        appJson.get("env").fieldNames().forEachRemaining(env::add);
        ServiceSettings.assertAllRead("app.json", env);
        assertAnswers(appJson.get("success_url").asText());

        Map<String, String> procfile = new HashMap<>();
        for (String line : Files.readAllLines(Path.of("Procfile"))) {
            procfile.put(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).strip());
        }
        // The integration tests' command: java -jar target/quarkus-app/quarkus-run.jar [arguments]
        for (String command : procfile.values()) {
            assertTrue(command.matches("java( -X\\S+)* -jar target/quarkus-app/quarkus-run\\.jar( \\S+)*"), command);
        }
        List<String> release = List.of(procfile.get("release").split("\\s+"));
        assertMigrates(release.subList(release.indexOf("target/quarkus-app/quarkus-run.jar") + 1, release.size()));
        assertTrue(Files.exists(Path.of("target/quarkus-app/quarkus-run.jar")) || System.getProperty("native.image.path") != null);
    }

    @Test
    void knativeServiceScalesToZero() throws Exception {
        JsonNode service = Manifests.read(Path.of("knative", "service.yaml"));
        assertEquals("serving.knative.dev/v1", service.get("apiVersion").asText());
        JsonNode template = service.at("/spec/template");
        assertEquals("0", template.at("/metadata/annotations").get("autoscaling.knative.dev/min-scale").asText());
        JsonNode container = template.at("/spec/containers/0");
        assertEquals(8888, container.at("/ports/0/containerPort").asInt());
        assertTrue(container.get("args").get(0).asText().startsWith("-Xmx"), "explicit heap of the native binary");
        assertAnswers(container.at("/readinessProbe/httpGet/path").asText());
        assertAnswers(container.at("/livenessProbe/httpGet/path").asText());
        Map<String, JsonNode> env = new HashMap<>();
        container.get("env").forEach(e -> env.put(e.get("name").asText(), e));
        ServiceSettings.assertAllRead("knative/service.yaml", env.keySet());
        assertEquals("DATABASE_URL", env.get("DATABASE_URL").at("/valueFrom/secretKeyRef/key").asText());
        assertTrue(env.get("KINTO_USERID_HMAC_SECRET").has("valueFrom"), "the secret comes from a Secret");
    }

    private static void assertAnswers(String path) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + app.port() + path)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), path + ": " + response.body());
    }

    /** The release command, run as the platform runs it: with DATABASE_URL only. */
    private static void assertMigrates(List<String> arguments) throws Exception {
        PostgresAdmin.recreate(DATABASE);
        Process process = PackagedApp.start(arguments, Map.of("DATABASE_URL", PostgresAdmin.url(DATABASE),
                "QUARKUS_HTTP_PORT", String.valueOf(PackagedApp.freePort())));
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "migrate should exit by itself");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertEquals(List.of("1"), PostgresAdmin.query(DATABASE, "SELECT count(*) FROM pg_tables WHERE tablename = 'objects'"));
    }
}
