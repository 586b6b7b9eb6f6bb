package dev.kintoj.quotas;

import dev.kintoj.KintoHttp;
import dev.kintoj.PackagedApp;
import dev.kintoj.PostgresAdmin;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code kinto rebuild-quotas [--dry-run]} on the packaged application and PostgreSQL: the usage it computes from
 * the stored objects is the one the listener kept while the service ran.
 */
class RebuildQuotasIT {

    private static final String DATABASE = "kintoj_it_quotas";
    private static final String QUOTAS = "SELECT parent_id || ' ' || id || ' ' || data::text FROM objects"
            + " WHERE resource_name = 'quota' ORDER BY 1";

    private record Run(int code, String output) {
    }

    private static Run run(List<String> args, Map<String, String> env) throws Exception {
        Process process = PackagedApp.start(args, env);
        process.getOutputStream().close();
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the command should exit by itself: " + args);
        return new Run(process.exitValue(), new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private static long number(List<String> rows, String prefix, String field) {
        String row = rows.stream().filter(r -> r.startsWith(prefix + " ")).findFirst().orElseThrow(() -> new AssertionError(rows));
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\"" + field + "\": (-?\\d+)").matcher(row);
        assertTrue(matcher.find(), row);
        return Long.parseLong(matcher.group(1));
    }

    @Test
    void rebuildsTheUsageTheListenerKept() throws Exception {
        PostgresAdmin.recreate(DATABASE);
        String url = PostgresAdmin.url(DATABASE);
        Map<String, String> env = new HashMap<>(Map.of(
                "KINTO_STORAGE_BACKEND", "postgresql", "KINTO_STORAGE_URL", url,
                "KINTO_PERMISSION_BACKEND", "postgresql", "KINTO_PERMISSION_URL", url,
                "KINTO_CACHE_BACKEND", "postgresql", "KINTO_CACHE_URL", url));
        env.putAll(Map.of("KINTO_INCLUDES", "kinto.plugins.quotas", "MULTIAUTH_POLICIES", "basicauth",
                "KINTO_USERID_HMAC_SECRET", "quotas-it", "KINTO_BUCKET_CREATE_PRINCIPALS", "system.Authenticated"));

        String alice = KintoHttp.basic("alice", "pw");
        try (PackagedApp app = PackagedApp.launch("rebuild-quotas", env)) {
            String base = app.base();
            for (String[] write : new String[][] {{"/buckets/b", null}, {"/buckets/b/collections/c", null},
                    {"/buckets/b/collections/c/records/r1", "{\"data\": {\"n\": 1}}"},
                    {"/buckets/b/collections/c/records/r2", "{\"data\": {\"text\": \"caf\u00e9\", \"x\": 1.5}}"},
                    {"/buckets/b/collections/empty", null}, {"/buckets/b/groups/g", "{\"data\": {\"members\": [\"x\"]}}"}}) {
                assertEquals(201, KintoHttp.send("PUT", base + write[0], write[1], "Authorization", alice).statusCode(),
                        app.logTail(20));
            }
        }
        List<String> live = PostgresAdmin.query(DATABASE, QUOTAS);
        assertEquals(3, live.size(), live.toString());
        long bucketBytes = number(live, "/buckets/b bucket_info", "storage_size");
        long collectionBytes = number(live, "/buckets/b/collections/c collection_info", "storage_size");

        Map<String, String> without = new HashMap<>(env);
        without.put("KINTO_INCLUDES", "");
        Run notIncluded = run(List.of("rebuild-quotas"), without);
        assertEquals(42, notIncluded.code(), notIncluded.output());
        assertTrue(notIncluded.output().contains("ERROR  Cannot rebuild quotas when quotas plugin is not installed."),
                notIncluded.output());
        Map<String, String> readonly = new HashMap<>(env);
        readonly.put("KINTO_READONLY", "true");
        Run refused = run(List.of("rebuild-quotas"), readonly);
        assertEquals(41, refused.code(), refused.output());
        assertTrue(refused.output().contains("ERROR  Cannot rebuild quotas while in readonly mode."), refused.output());
        Run help = run(List.of("rebuild-quotas", "--help"), Map.of());
        assertEquals(0, help.code(), help.output());
        assertTrue(help.output().contains("--dry-run") && help.output().contains("Simulate the rebuild operation"), help.output());

        PostgresAdmin.query(DATABASE, "UPDATE objects SET data = jsonb_set(data, '{storage_size}', '1')"
                + " WHERE resource_name = 'quota'");
        List<String> broken = PostgresAdmin.query(DATABASE, QUOTAS);

        Run dryRun = run(List.of("rebuild-quotas", "--dry-run"), env);
        assertEquals(0, dryRun.code(), dryRun.output());
        assertTrue(dryRun.output().contains("INFO   Bucket b, collection c. Final size: 2 records, " + collectionBytes
                + " bytes."), dryRun.output());
        assertTrue(dryRun.output().contains("INFO   Bucket b, collection empty. Final size: 0 records, "), dryRun.output());
        assertTrue(dryRun.output().contains("INFO   Bucket b. Final size: 2 collections, 2 records, " + bucketBytes
                + " bytes."), dryRun.output());
        assertEquals(broken, PostgresAdmin.query(DATABASE, QUOTAS));

        Run rebuilt = run(List.of("rebuild-quotas"), env);
        assertEquals(0, rebuilt.code(), rebuilt.output());
        assertEquals(live, PostgresAdmin.query(DATABASE, QUOTAS));
    }
}
