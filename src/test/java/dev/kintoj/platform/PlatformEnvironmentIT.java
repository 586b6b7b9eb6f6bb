package dev.kintoj.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kintoj.PackagedApp;
import dev.kintoj.PostgresAdmin;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service configured only as hosting platforms configure it: {@code PORT}, {@code DATABASE_URL} (over
 * TLS to the local PostgreSQL), {@code REDIS_URL}, secrets in files.
 */
class PlatformEnvironmentIT {

    private static final String DATABASE = System.getProperty("test.db", "kintoj") + "_platform";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    @BeforeAll
    static void tlsOnTheLocalServer() throws Exception {
        Process script = new ProcessBuilder("bash", "src/test/sh/ensure-postgresql-ssl.sh").inheritIO().start();
        assertTrue(script.waitFor(60, TimeUnit.SECONDS) && script.exitValue() == 0, "PostgreSQL with TLS");
    }

    @Test
    void databaseUrlWithVerifyFullRedisUrlAndSecretFiles() throws Exception {
        PostgresAdmin.recreate(DATABASE);
        Path rootCert = Files.writeString(dir.resolve("root.crt"), PostgresAdmin.query("postgres",
                "SELECT pg_read_file(current_setting('ssl_cert_file'))").get(0));
        Path secret = Files.writeString(dir.resolve("userid_hmac_secret"), "platform-secret\n");
        String listName = "kintoj.platform." + System.nanoTime();
        int port = PackagedApp.freePort();
        Process process = PackagedApp.start(List.of(), Map.of(
                "PORT", String.valueOf(port),
                "DATABASE_URL", "postgres://postgres:postgres@localhost:" + PostgresAdmin.PORT + "/" + DATABASE
                        + "?sslmode=verify-full&sslrootcert=" + rootCert,
                "REDIS_URL", "redis://127.0.0.1:6379/0",
                "KINTO_USERID_HMAC_SECRET_FILE", secret.toString(),
                "KINTO_EVENT_LISTENERS", "redis",
                "KINTO_EVENT_LISTENERS_REDIS_USE", "kinto_redis.listeners",
                "KINTO_EVENT_LISTENERS_REDIS_LISTNAME", listName));
        Output output = Output.of(process);
        try {
            PackagedApp.waitForHello(port, process);
            String base = "http://127.0.0.1:" + port + "/v1";

            HttpResponse<String> hello = get(base + "/");
            assertTrue(hello.body().contains("\"id\":\"basicauth:" + hmac("platform-secret", "alice:pw") + "\""),
                    "user id keyed with the secret from the file: " + hello.body());
            HttpResponse<String> created = send(HttpRequest.newBuilder(URI.create(base + "/buckets/deployed"))
                    .PUT(HttpRequest.BodyPublishers.noBody()));
            assertEquals(201, created.statusCode(), created.body());

            assertEquals(List.of("1"), PostgresAdmin.query(DATABASE,
                    "SELECT count(*) FROM objects WHERE resource_name = 'bucket' AND id = 'deployed'"), "stored in DATABASE_URL");
            assertEquals(List.of("true"), PostgresAdmin.query("postgres", "SELECT bool_and(s.ssl) FROM pg_stat_ssl s"
                    + " JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'kintoj' AND a.datname = '" + DATABASE + "'"),
                    "every connection of the service is encrypted");
            String pushed = "";
            for (int i = 0; i < 50 && !pushed.contains("deployed"); i++) {
                Thread.sleep(i == 0 ? 0 : 100);
                pushed = redis(Request.cmd(Command.LRANGE).arg(listName).arg(0).arg(-1)).toString();
            }
            assertTrue(pushed.contains("deployed"), "the listener without a url pushed to REDIS_URL: " + pushed);
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
            redis(Request.cmd(Command.DEL).arg(listName));
        }
        assertFalse(output.text().contains("userid_hmac_secret is not set"), output.text());
        assertTrue(output.text().contains("Listening on: http://0.0.0.0:" + port), output.text());
    }

    @Test
    void sslmodeRequireEncryptsAndAMissingSecretIsWarnedAbout() throws Exception {
        PostgresAdmin.recreate(DATABASE);
        int port = PackagedApp.freePort();
        Process process = PackagedApp.start(List.of(), Map.of("PORT", String.valueOf(port),
                "DATABASE_URL", PostgresAdmin.url(DATABASE) + "?sslmode=require"));
        Output output = Output.of(process);
        try {
            PackagedApp.waitForHello(port, process);
            HttpResponse<String> heartbeat = get("http://127.0.0.1:" + port + "/v1/__heartbeat__");
            assertEquals(200, heartbeat.statusCode(), heartbeat.body());
            assertEquals(List.of("true"), PostgresAdmin.query("postgres", "SELECT bool_and(s.ssl) FROM pg_stat_ssl s"
                    + " JOIN pg_stat_activity a USING (pid) WHERE a.application_name = 'kintoj' AND a.datname = '" + DATABASE + "'"));
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        assertTrue(output.text().contains("userid_hmac_secret is not set"), output.text());
    }

    @Test
    void verifyFullRefusesACertificateForAnotherHost() throws Exception {
        Path otherCa = dir.resolve("other.crt");
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                "-subj", "/CN=elsewhere", "-keyout", dir.resolve("other.key").toString(), "-out", otherCa.toString())
                .redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertEquals(0, openssl.waitFor());
        Process process = PackagedApp.start(List.of(), Map.of("PORT", String.valueOf(PackagedApp.freePort()),
                "DATABASE_URL", PostgresAdmin.url(DATABASE) + "?sslmode=verify-full&sslrootcert=" + otherCa,
                "KINTO_STORAGE_POOL_TIMEOUT", "5"));
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the service should stop by itself");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertNotEquals(0, process.exitValue(), output);
        assertTrue(output.contains("SSL handshake failed"), output);
    }

    @Test
    void quarkusPortAndKintoSettingsWinOverThePlatformVariables() throws Exception {
        int port = PackagedApp.freePort();
        Process process = PackagedApp.start(List.of(), Map.of("PORT", "1", "QUARKUS_HTTP_PORT", String.valueOf(port),
                "DATABASE_URL", "postgres://nobody:x@127.0.0.1:1/absent", "KINTO_STORAGE_BACKEND", "memory",
                "KINTO_PERMISSION_BACKEND", "memory", "KINTO_CACHE_BACKEND", "memory"));
        try {
            HttpResponse<String> hello = PackagedApp.waitForHello(port, process);
            assertEquals(200, hello.statusCode());
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The service's output, read while it runs (destroying a process closes its streams). */
    private record Output(java.io.ByteArrayOutputStream bytes, Thread reader) {
        static Output of(Process process) {
            var bytes = new java.io.ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    process.getInputStream().transferTo(bytes);
                } catch (java.io.IOException closed) {
                    // The process was destroyed: what it said until then is kept.
                }
            });
            reader.start();
            return new Output(bytes, reader);
        }

        String text() throws InterruptedException {
            reader.join(5000);
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        String alice = Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8));
        return HTTP.send(request.header("Authorization", "Basic " + alice).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String hmac(String secret, String message) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    }

    private static Response redis(Request request) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            return Redis.createClient(vertx, "redis://127.0.0.1:6379/0").send(request)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
