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
        return run(List.copyOf(args), env, Path.of("."), "");
    }

    /** The same in {@code directory}, with {@code input} on its standard input (answers to prompts). */
    private static Run run(List<String> args, Map<String, String> env, Path directory, String input) throws Exception {
        Process process = PackagedApp.start(args, env, directory);
        try (var stdin = process.getOutputStream()) {
            stdin.write(input.getBytes(StandardCharsets.UTF_8));
        }
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
        Run init = run("init", "--ini", ini.toString(), "--backend", "memory", "--cache-backend", "memory");
        assertEquals(0, init.code(), init.output());
        String written = Files.readString(ini);
        assertTrue(written.contains("kinto.storage_backend = kinto.core.storage.memory"), written);
        assertTrue(written.contains("kinto.cache_backend = kinto.core.cache.memory"), written);
        Matcher secret = SECRET.matcher(written);
        assertTrue(secret.find(), written);

        Run again = run("init", "--ini", ini.toString(), "--backend", "memory", "--cache-backend", "memory");
        assertEquals(1, again.code(), again.output());
        assertTrue(again.output().contains(ini + " already exists."), again.output());

        // --backend without --cache-backend: asked as Kinto asks, again after an answer it does not know.
        Path other = dir.resolve("other.ini");
        Run asked = run(List.of("init", "--ini", other.toString(), "--backend", "postgresql"), Map.of(), dir, "9\n2\n");
        assertEquals(0, asked.code(), asked.output());
        assertEquals(2, asked.output().split("Select the cache backend you would like to use: "
                + "\\(1 - postgresql, 2 - redis, default - memory\\)", -1).length - 1, asked.output());
        assertFalse(asked.output().contains("Select the backend"), asked.output());
        String postgres = Files.readString(other);
        assertTrue(postgres.contains("kinto.storage_backend = kinto.core.storage.postgresql"), postgres);
        assertTrue(postgres.contains("kinto.permission_url = postgresql://"), postgres);
        assertTrue(postgres.contains("kinto.cache_backend = kinto_redis.cache\nkinto.cache_url = redis://localhost:6379/2"), postgres);
        Matcher otherSecret = SECRET.matcher(postgres);
        assertTrue(otherSecret.find(), postgres);
        assertNotEquals(secret.group(1), otherSecret.group(1));

        // Neither given: both asked, the storage backend first; Enter takes the default (memory).
        Path prompted = dir.resolve("prompted.ini");
        Run both = run(List.of("init", "--ini", prompted.toString()), Map.of(), dir, "1\n\n");
        assertEquals(0, both.code(), both.output());
        assertTrue(both.output().indexOf("Select the backend") < both.output().indexOf("Select the cache backend"), both.output());
        String bothWritten = Files.readString(prompted);
        assertTrue(bothWritten.contains("kinto.storage_backend = kinto.core.storage.postgresql"), bothWritten);
        assertTrue(bothWritten.contains("kinto.cache_backend = kinto.core.cache.memory\nkinto.cache_url = \n"), bothWritten);

        // The input ends before an answer: nothing is written.
        Path unanswered = dir.resolve("unanswered.ini");
        Run ended = run(List.of("init", "--ini", unanswered.toString(), "--backend", "memory"), Map.of(), dir, "");
        assertEquals(1, ended.code(), ended.output());
        assertFalse(Files.exists(unanswered), ended.output());

        // Kinto's memcached cache does not exist here: refused as a usage error, nothing written.
        Path memcached = dir.resolve("memcached.ini");
        Run refused = run("init", "--ini", memcached.toString(), "--backend", "memory", "--cache-backend", "memcached");
        assertEquals(2, refused.code(), refused.output());
        assertTrue(refused.output().contains("kinto: error: argument --cache-backend: 'memcached' is not supported"), refused.output());
        assertFalse(Files.exists(memcached), refused.output());

        // `start` serves the generated configuration on the given port: accounts, default bucket, admin. Without
        // --ini, as Kinto, it reads config/kinto.ini of the working directory.
        int port = PackagedApp.freePort();
        Process server = PackagedApp.start(List.of("start", "--port", String.valueOf(port)), Map.of(), dir);
        try {
            HttpResponse<String> hello = PackagedApp.waitForHello(port, server);
            JsonNode body = KintoHttp.json(hello);
            assertTrue(body.path("capabilities").has("accounts"), hello.body());
            assertTrue(body.path("capabilities").has("default_bucket"), hello.body());
            assertEquals(ini.toRealPath().toString(), body.path("config").path("path").asText(), hello.body());
        } finally {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Kinto's commands read --ini, else KINTO_INI, else config/kinto.ini of the working directory. */
    @Test
    void commandsFindTheirIniFile() throws Exception {
        Path ini = dir.resolve("config/kinto.ini");
        assertEquals(0, run("init", "--ini", ini.toString(), "--backend", "memory", "--cache-backend", "memory").code());
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path named = dir.resolve("named.ini");
        Files.copy(ini, named);

        // The generated file includes the accounts plugin, which create-user needs (exit 52 without it).
        Run noFile = run(List.of("create-user", "-u", "admin", "-p", "s3cret"), Map.of(), elsewhere, "");
        assertEquals(52, noFile.code(), noFile.output());
        Run byDefault = run(List.of("create-user", "-u", "admin", "-p", "s3cret"), Map.of(), dir, "");
        assertEquals(0, byDefault.code(), byDefault.output());
        assertTrue(byDefault.output().contains("Creating user 'admin'"), byDefault.output());
        Run byEnvironment = run(List.of("create-user", "-u", "admin", "-p", "s3cret"),
                Map.of("KINTO_INI", named.toString()), elsewhere, "");
        assertEquals(0, byEnvironment.code(), byEnvironment.output());

        // `start` too; KINTO_INI comes before config/kinto.ini, --ini before both.
        Path flag = dir.resolve("flag.ini");
        Files.copy(ini, flag);
        for (Map.Entry<List<String>, Path> expected : Map.of(
                List.<String>of(), named,
                List.of("--ini", flag.toString()), flag).entrySet()) {
            int port = PackagedApp.freePort();
            List<String> args = new java.util.ArrayList<>(List.of("start", "--port", String.valueOf(port)));
            args.addAll(expected.getKey());
            Process server = PackagedApp.start(args, Map.of("KINTO_INI", named.toString()), dir);
            try {
                HttpResponse<String> hello = PackagedApp.waitForHello(port, server);
                assertEquals(expected.getValue().toRealPath().toString(),
                        KintoHttp.json(hello).path("config").path("path").asText(), hello.body());
            } finally {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    /** The maintenance commands on PostgreSQL, between runs of the service, as an operator uses them. */
    @Test
    void maintenanceCommandsOnPostgresql() throws Exception {
        String database = System.getProperty("test.db", "kintoj") + "_it_cli";
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
