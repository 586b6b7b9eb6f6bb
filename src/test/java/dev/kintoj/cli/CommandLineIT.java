package dev.kintoj.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintoj.KintoHttp;
import dev.kintoj.PackagedApp;
import dev.kintoj.PostgresAdmin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kinto's command line on the packaged application: verbs, flags, messages and exit codes. */
class CommandLineIT {

    private static final Pattern SECRET = Pattern.compile("(?m)^kinto\\.userid_hmac_secret = ([0-9a-f]{64})$");

    @TempDir
    Path dir;

    /** Runs the application with these arguments until it exits; its exit code and output (stdout and stderr). */
    private record Run(int code, String output) {
    }

    private static Run run(List<String> args, Map<String, String> env) throws Exception {
        Process process = PackagedApp.start(args, env);
        process.getOutputStream().close();
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the command should exit by itself: " + args);
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static Run run(String... args) throws Exception {
        return run(List.of(args), Map.of());
    }

    @Test
    void helpVersionAndUsageErrors() throws Exception {
        Run help = run("--help");
        assertEquals(0, help.code(), help.output());
        assertTrue(help.output().contains("usage: kinto [-h] {init,start,migrate,flush-cache,version,rebuild-quotas,create-user,"
                + "purge-deleted,delete-collection} ..."), help.output());
        Run commandHelp = run("delete-collection", "--help");
        assertEquals(0, commandHelp.code(), commandHelp.output());
        assertTrue(commandHelp.output().contains("--bucket BUCKET"), commandHelp.output());

        Run version = run("version");
        assertEquals(0, version.code(), version.output());
        assertTrue(version.output().strip().matches("\\d+\\.\\d+\\.\\d+.*"), version.output());

        Run unknown = run("frobnicate");
        assertEquals(2, unknown.code(), unknown.output());
        assertTrue(unknown.output().contains("kinto: error: argument subcommand: invalid choice: 'frobnicate'"), unknown.output());
        Run missing = run("delete-collection", "--bucket", "b");
        assertEquals(2, missing.code(), missing.output());
        assertTrue(missing.output().contains("kinto: error: the following arguments are required: --collection"), missing.output());
        Run badPort = run("start", "--port", "abc");
        assertEquals(2, badPort.code(), badPort.output());
        assertTrue(badPort.output().contains("argument --port: invalid int value: 'abc'"), badPort.output());
    }

    @Test
    void initWritesAWorkingConfigurationWithFreshSecrets() throws Exception {
        Path ini = dir.resolve("config/kinto.ini");
        Run init = run("init", "--ini", ini.toString(), "--backend", "memory");
        assertEquals(0, init.code(), init.output());
        String written = Files.readString(ini);
        assertTrue(written.contains("kinto.storage_backend = kinto.core.storage.memory"), written);
        Matcher secret = SECRET.matcher(written);
        assertTrue(secret.find(), written);

        Run again = run("init", "--ini", ini.toString(), "--backend", "memory");
        assertEquals(1, again.code(), again.output());
        assertTrue(again.output().contains(ini + " already exists."), again.output());

        Path other = dir.resolve("other.ini");
        assertEquals(0, run("init", "--ini", other.toString(), "--backend", "postgresql").code());
        String postgres = Files.readString(other);
        assertTrue(postgres.contains("kinto.storage_backend = kinto.core.storage.postgresql"), postgres);
        assertTrue(postgres.contains("kinto.permission_url = postgresql://"), postgres);
        Matcher otherSecret = SECRET.matcher(postgres);
        assertTrue(otherSecret.find(), postgres);
        assertNotEquals(secret.group(1), otherSecret.group(1));

        // `start` serves the generated configuration on the given port: accounts, default bucket, admin.
        int port = PackagedApp.freePort();
        Process server = PackagedApp.start(List.of("start", "--ini", ini.toString(), "--port", String.valueOf(port)), Map.of());
        try {
            HttpResponse<String> hello = PackagedApp.waitForHello(port, server);
            JsonNode body = KintoHttp.json(hello);
            assertTrue(body.path("capabilities").has("accounts"), hello.body());
            assertTrue(body.path("capabilities").has("default_bucket"), hello.body());
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** The maintenance commands on PostgreSQL, between runs of the service, as an operator uses them. */
    @Test
    void maintenanceCommandsOnPostgresql() throws Exception {
        String database = "kintoj_it_cli";
        PostgresAdmin.recreate(database);
        String url = PostgresAdmin.url(database);
        Map<String, String> env = new HashMap<>(Map.of(
                "KINTO_STORAGE_BACKEND", "postgresql", "KINTO_STORAGE_URL", url,
                "KINTO_PERMISSION_BACKEND", "postgresql", "KINTO_PERMISSION_URL", url,
                "KINTO_CACHE_BACKEND", "postgresql", "KINTO_CACHE_URL", url));
        env.putAll(Map.of("KINTO_INCLUDES", "kinto.plugins.accounts",
                "MULTIAUTH_POLICIES", "account",
                "MULTIAUTH_POLICY_ACCOUNT_USE", "kinto.plugins.accounts.AccountsPolicy",
                "KINTO_ACCOUNT_WRITE_PRINCIPALS", "account:admin",
                "KINTO_BUCKET_CREATE_PRINCIPALS", "account:admin"));

        Run dryRun = run(List.of("migrate", "--dry-run"), env);
        assertEquals(0, dryRun.code(), dryRun.output());
        assertTrue(dryRun.output().contains("Create PostgreSQL storage schema"), dryRun.output());
        assertEquals(List.of(), PostgresAdmin.query(database, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'"));
        assertEquals(0, run(List.of("migrate"), env).code());
        Run upToDate = run(List.of("migrate", "--dry-run"), env);
        assertTrue(upToDate.output().contains("PostgreSQL storage schema is up-to-date."), upToDate.output());

        Run noAccounts = run(List.of("create-user", "-u", "admin", "-p", "s3cret"), Map.of());
        assertEquals(52, noAccounts.code(), noAccounts.output());
        assertTrue(noAccounts.output().contains("Cannot create a user when the accounts plugin is not installed."), noAccounts.output());
        Run created = run(List.of("create-user", "-u", "admin", "-p", "s3cret"), env);
        assertEquals(0, created.code(), created.output());
        assertTrue(created.output().contains("Creating user 'admin'"), created.output());
        Run aborted = run(List.of("create-user", "-u", "nobody"), env);
        assertEquals(53, aborted.code(), aborted.output());
        assertTrue(aborted.output().contains("User creation aborted"), aborted.output());

        String admin = KintoHttp.basic("admin", "s3cret");
        try (PackagedApp app = PackagedApp.launch("cli-maintenance", env)) {
            String base = app.base();
            assertEquals("account:admin", KintoHttp.json(KintoHttp.send("GET", base + "/", null, "Authorization", admin))
                    .path("user").path("id").asText(), app.logTail(20));
            assertEquals(201, KintoHttp.send("PUT", base + "/buckets/b", null, "Authorization", admin).statusCode());
            assertEquals(201, KintoHttp.send("PUT", base + "/buckets/b/collections/c", null, "Authorization", admin).statusCode());
            for (String id : List.of("r1", "r2")) {
                assertEquals(201, KintoHttp.send("PUT", base + "/buckets/b/collections/c/records/" + id, "{}",
                        "Authorization", admin).statusCode());
            }
            assertEquals(200, KintoHttp.send("DELETE", base + "/buckets/b/collections/c/records/r1", null,
                    "Authorization", admin).statusCode());
        }
        assertEquals(List.of("1"), PostgresAdmin.query(database, "SELECT COUNT(*) FROM objects WHERE deleted"));

        Run purged = run(List.of("purge-deleted", "record", "0"), env);
        assertEquals(0, purged.code(), purged.output());
        assertTrue(purged.output().contains("Deleted 1 tombstones."), purged.output());
        assertEquals(List.of("0"), PostgresAdmin.query(database, "SELECT COUNT(*) FROM objects WHERE deleted"));

        Run noBucket = run(List.of("delete-collection", "--bucket", "nope", "--collection", "c"), env);
        assertEquals(32, noBucket.code(), noBucket.output());
        assertTrue(noBucket.output().contains("Bucket '/buckets/nope' does not exist."), noBucket.output());
        Run deleted = run(List.of("delete-collection", "--bucket", "b", "--collection", "c"), env);
        assertEquals(0, deleted.code(), deleted.output());
        assertTrue(deleted.output().contains("1 record(s) were deleted."), deleted.output());
        assertTrue(deleted.output().contains("'/buckets/b/collections/c' collection object was deleted."), deleted.output());
        assertEquals(List.of(), PostgresAdmin.query(database,
                "SELECT object_id FROM access_control_entries WHERE object_id LIKE '/buckets/b/collections/c%'"));
        Run noCollection = run(List.of("delete-collection", "--bucket", "b", "--collection", "c"), env);
        assertEquals(33, noCollection.code(), noCollection.output());
        Map<String, String> readonly = new HashMap<>(env);
        readonly.put("KINTO_READONLY", "true");
        assertEquals(31, run(List.of("delete-collection", "--bucket", "b", "--collection", "c"), readonly).code());

        PostgresAdmin.script(database, List.of("INSERT INTO cache (key, value, ttl) VALUES ('k', '\"v\"', NULL)"));
        Run flushed = run(List.of("flush-cache"), env);
        assertEquals(0, flushed.code(), flushed.output());
        assertTrue(flushed.output().contains("Cache has been cleared."), flushed.output());
        assertEquals(List.of("0"), PostgresAdmin.query(database, "SELECT COUNT(*) FROM cache"));
        assertFalse(flushed.output().contains("Listening on: http"), flushed.output());
    }
}
