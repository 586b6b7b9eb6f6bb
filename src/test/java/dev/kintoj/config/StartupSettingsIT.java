package dev.kintoj.config;

import dev.kintoj.PostgresAdmin;

import dev.kintoj.PackagedApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Starts the packaged application (the native binary with -Dnative, the JVM jar otherwise) as a user would:
 * with an ini file given on the command line, and with invalid settings that must stop it with a clear message.
 */
class StartupSettingsIT {

    @TempDir
    Path dir;

    @Test
    void iniFileGivenOnTheCommandLineConfiguresTheService() throws Exception {
        Path ini = dir.resolve("kinto.ini");
        Files.writeString(ini, """
                [app:main]
                kinto.project_name = from-ini
                readonly = true
                cors_origins = http://a.org
                  http://b.org
                """);
        int port = freePort();
        Process process = start(List.of("--ini", ini.toString()), Map.of("QUARKUS_HTTP_PORT", String.valueOf(port)));
        try {
            HttpResponse<String> hello = waitForHello(port, process);
            assertEquals(200, hello.statusCode());
            assertTrue(hello.body().contains("\"project_name\":\"from-ini\""), hello.body());
            assertTrue(hello.body().contains("\"readonly\":true"), hello.body());
            assertTrue(hello.body().contains("\"hash\":"), hello.body());
            HttpResponse<String> put = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/buckets/b1")).PUT(HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, put.statusCode());
            assertTrue(put.body().contains("\"errno\":115"), put.body());
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void environmentVariableOverridesTheIniFile() throws Exception {
        Path ini = dir.resolve("kinto.ini");
        Files.writeString(ini, "[app:main]\nproject_name = from-ini\n");
        int port = freePort();
        Process process = start(List.of("--ini=" + ini), Map.of("QUARKUS_HTTP_PORT", String.valueOf(port),
                "KINTO_PROJECT_NAME", "\"from-env\""));
        try {
            HttpResponse<String> hello = waitForHello(port, process);
            assertTrue(hello.body().contains("\"project_name\":\"from-env\""), hello.body());
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void basicAuthFromTheEnvironmentIdentifiesUsers() throws Exception {
        int port = freePort();
        Process process = start(List.of(), Map.of("QUARKUS_HTTP_PORT", String.valueOf(port),
                "MULTIAUTH_POLICIES", "basicauth"));
        try {
            waitForHello(port, process);
            HttpResponse<String> hello = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/v1/"))
                            .header("Authorization", "Basic " + java.util.Base64.getEncoder()
                                    .encodeToString("mat:secret".getBytes(StandardCharsets.UTF_8))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(hello.body().contains(
                    "\"id\":\"basicauth:8a931a10fc88ab2f6d1cc02a07d3a81b5d4768f6f13e85c5d8d4180419acb1b4\""), hello.body());
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void kintosGeneratedConfigurationServesAccountsAndTheDefaultBucket() throws Exception {
        Path ini = dir.resolve("kinto.ini");
        Files.writeString(ini, """
                [app:main]
                kinto.includes = kinto.plugins.default_bucket
                                 kinto.plugins.admin
                                 kinto.plugins.accounts
                multiauth.policies = account
                multiauth.policy.account.use = kinto.plugins.accounts.AccountsPolicy
                kinto.account_create_principals = system.Everyone
                kinto.account_write_principals = account:admin
                kinto.bucket_create_principals = account:admin
                kinto.userid_hmac_secret = 0f6a
                """);
        int port = freePort();
        Process process = start(List.of("--ini", ini.toString()), Map.of("QUARKUS_HTTP_PORT", String.valueOf(port)));
        try {
            waitForHello(port, process);
            HttpClient client = HttpClient.newHttpClient();
            String base = "http://127.0.0.1:" + port + "/v1";
            HttpResponse<String> created = client.send(HttpRequest.newBuilder(URI.create(base + "/accounts/admin"))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString("{\"data\": {\"password\": \"s3cret\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, created.statusCode(), created.body());
            assertTrue(!created.body().contains("$2b$") && !created.body().contains("s3cret"), created.body());
            String admin = "Basic " + java.util.Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> hello = client.send(HttpRequest.newBuilder(URI.create(base + "/")).header("Authorization", admin).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(hello.body().contains("\"id\":\"account:admin\""), hello.body());
            assertTrue(hello.body().contains("\"permissions_endpoint\"") && hello.body().contains("\"default_bucket\""), hello.body());
            HttpResponse<String> record = client.send(HttpRequest.newBuilder(URI.create(base + "/buckets/default/collections/tasks/records"))
                            .header("Authorization", admin).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString("{\"data\": {\"t\": 1}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(201, record.statusCode(), record.body());
            String wrong = "Basic " + java.util.Base64.getEncoder().encodeToString("admin:wrong".getBytes(StandardCharsets.UTF_8));
            HttpResponse<String> refused = client.send(HttpRequest.newBuilder(URI.create(base + "/buckets/default")).header("Authorization", wrong).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(401, refused.statusCode(), refused.body());
            HttpResponse<String> permissions = client.send(HttpRequest.newBuilder(URI.create(base + "/permissions")).header("Authorization", admin).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(permissions.body().contains("/collections/tasks\""), permissions.body());
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void accountsPluginWithoutAnAccountPolicyStopsTheService() throws Exception {
        String output = failingStart(Map.of("KINTO_INCLUDES", "kinto.plugins.accounts", "MULTIAUTH_POLICIES", "basicauth"));
        assertTrue(output.contains("Account policy missing"), output);
    }

    @Test
    void unknownEventListenersStopTheService() throws Exception {
        String output = failingStart(Map.of("KINTO_EVENT_LISTENERS", "queue", "KINTO_EVENT_LISTENERS_QUEUE_USE", "kinto_amqp.listeners"));
        assertTrue(output.contains("Setting event_listeners.queue.use: unknown listener kinto_amqp.listeners"), output);
    }

    @Test
    void invalidStatsdUrlStopsTheService() throws Exception {
        String output = failingStart(Map.of("KINTO_INCLUDES", "kinto.plugins.statsd", "KINTO_STATSD_URL", "tcp://localhost"));
        assertTrue(output.contains("Setting statsd_url: tcp://localhost is not udp://host:port"), output);
    }

    @Test
    void unreachableOpenIdProviderStopsTheService() throws Exception {
        String output = failingStart(Map.of("KINTO_MULTIAUTH_POLICIES", "google",
                "KINTO_MULTIAUTH_POLICY_GOOGLE_USE", "kinto.plugins.openid.OpenIDConnectPolicy",
                "KINTO_MULTIAUTH_POLICY_GOOGLE_ISSUER", "http://127.0.0.1:1/google",
                "KINTO_MULTIAUTH_POLICY_GOOGLE_CLIENT_ID", "abc"));
        assertTrue(output.contains("OpenID policy google: cannot fetch the configuration of http://127.0.0.1:1/google"), output);
    }

    @Test
    void unknownAuthenticationPolicyStopsTheService() throws Exception {
        String output = failingStart(Map.of("KINTO_MULTIAUTH_POLICIES", "kerberos"));
        assertTrue(output.contains("Unknown authentication policy 'kerberos'"), output);
    }

    @Test
    void unknownBackendStopsTheServiceWithAClearMessage() throws Exception {
        String output = failingStart(Map.of("KINTO_STORAGE_BACKEND", "kinto.core.storage.cassandra"));
        assertTrue(output.contains("Unknown backend 'kinto.core.storage.cassandra'"), output);
    }

    @Test
    void backendNotAvailableYetStopsTheService() throws Exception {
        String output = failingStart(Map.of("KINTO_STORAGE_BACKEND", "kinto_redis.storage"));
        assertTrue(output.contains("storage_backend = redis is not available in this version: use memory or postgresql"),
                output);
        output = failingStart(Map.of("KINTO_CACHE_BACKEND", "kinto.core.cache.memcached"));
        assertTrue(output.contains("cache_backend = memcached is not available in this version: use memory, postgresql"
                + " or redis"), output);
    }

    @Test
    void adminAssetsPathWithoutABuildStopsTheService() throws Exception {
        String output = failingStart(Map.of("KINTO_INCLUDES", "kinto.plugins.admin",
                "KINTO_ADMIN_ASSETS_PATH", Path.of("target").toAbsolutePath().toString()));
        assertTrue(output.contains("Setting admin_assets_path: "), output);
        assertTrue(output.contains("has no index.html"), output);
    }

    @Test
    void postgresqlWithoutUrlStopsTheService() throws Exception {
        String output = failingStart(Map.of("KINTO_STORAGE_BACKEND", "kinto.core.storage.postgresql"));
        assertTrue(output.contains("Setting storage_url is required with the postgresql backend"), output);
    }

    @Test
    void unreachablePostgresqlStopsTheServiceWithoutShowingThePassword() throws Exception {
        int closedPort = freePort();
        String output = failingStart(Map.of("KINTO_PERMISSION_BACKEND", "postgresql",
                "KINTO_PERMISSION_URL", "postgresql://kinto:s3cret@127.0.0.1:" + closedPort + "/kinto",
                "KINTO_PERMISSION_POOL_TIMEOUT", "2"));
        assertTrue(output.contains("Cannot create the permission tables in PostgreSQL"), output);
        assertTrue(output.contains("postgresql://kinto:***@127.0.0.1:" + closedPort), output);
        assertFalse(output.contains("s3cret"), output);
    }

    @Test
    void migrateCreatesTheTablesAndExitsWithoutServing() throws Exception {
        String database = "kintoj_it_migrate";
        PostgresAdmin.recreate(database);
        String url = PostgresAdmin.url(database);
        int port = freePort();
        Process process = start(List.of("migrate"), Map.of("QUARKUS_HTTP_PORT", String.valueOf(port),
                "KINTO_STORAGE_BACKEND", "postgresql", "KINTO_STORAGE_URL", url,
                "KINTO_PERMISSION_BACKEND", "postgresql", "KINTO_PERMISSION_URL", url,
                "KINTO_CACHE_BACKEND", "postgresql", "KINTO_CACHE_URL", url, "KINTO_AUTO_MIGRATE", "false"));
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "migrate should exit by itself");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), output);
        assertTrue(output.contains("Migration done: storage PostgreSQL tables up to date"), output);
        assertFalse(output.contains("Listening on: http"), output);
        assertEquals(List.of("access_control_entries", "cache", "metadata", "objects", "timestamps", "user_principals"),
                PostgresAdmin.query(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1"));
        assertEquals(List.of("26"),
                PostgresAdmin.query(database, "SELECT value FROM metadata WHERE name = 'storage_schema_version'"));
    }

    @Test
    void invalidBooleanStopsTheServiceWithAClearMessage() throws Exception {
        String output = failingStart(Map.of("KINTO_READONLY", "maybe"));
        assertTrue(output.contains("Invalid boolean value 'maybe'"), output);
    }

    @Test
    void missingIniFileStopsTheService() throws Exception {
        String output = failingStart(Map.of("KINTO_INI", dir.resolve("absent.ini").toString()));
        assertTrue(output.contains("Kinto ini file not found"), output);
    }

    private String failingStart(Map<String, String> env) throws Exception {
        Map<String, String> withPort = new java.util.HashMap<>(env);
        withPort.put("QUARKUS_HTTP_PORT", String.valueOf(freePort()));
        Process process = start(List.of(), withPort);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the service should stop by itself");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, process.exitValue(), output);
        return output;
    }

    private static Process start(List<String> args, Map<String, String> env) throws IOException {
        return PackagedApp.start(args, env);
    }

    private static HttpResponse<String> waitForHello(int port, Process process) throws Exception {
        return PackagedApp.waitForHello(port, process);
    }

    private static int freePort() throws IOException {
        return PackagedApp.freePort();
    }
}
