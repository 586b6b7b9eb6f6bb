package dev.kintoj.quotas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.Json;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.Storage;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The quotas plugin through HTTP (Kinto's tests/plugins/test_quotas.py): usage kept by every write, batch,
 * cascades and user data deletion, and the 507 refusals, which change nothing. One profile holds the limits of
 * every test, each test using its own bucket. Expected sizes are the compact JSON of the objects the server
 * answered (for these ASCII, integer-valued objects, the length Python's json.dumps gives them).
 */
@QuarkusTest
@TestProfile(QuotasHttpTest.Limits.class)
public class QuotasHttpTest {

    /**
     * Quotas on dedicated buckets; with the history plugin for {@link dev.kintoj.history.HistoryHttpTest}, whose
     * buckets have no quota: each profile is one more application to build and start per test run (README, Tests),
     * so the two suites share one. History entries are not records and count in no quota (as in Kinto).
     */
    public static class Limits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "kinto.includes", "kinto.plugins.default_bucket kinto.plugins.accounts kinto.plugins.quotas kinto.plugins.history",
                    "kinto.quotas.bucket_max_bytes_per_item", "4000",
                    "kinto.quotas.bucket_qbytes_max_bytes", "150",
                    "kinto.quotas.bucket_qitems_max_items", "1",
                    "kinto.quotas.bucket_qitem_max_bytes_per_item", "55",
                    "kinto.quotas.collection_qcol_max_bytes", "100",
                    "kinto.quotas.collection_qcols_big_max_items", "1",
                    "kinto.quotas.collection_qcpi_max_bytes_per_item", "80",
                    "kinto.quotas.bucket_qrace_max_items", "5");
        }
    }

    @Inject
    Storage storage;

    private static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, "secret").contentType("application/json");
    }

    private static RequestSpecification owner() {
        return as("quota-owner");
    }

    /** A fresh bucket with a collection {@code col}; the bucket's and collection's data. */
    private static JsonNode[] bucketWithCollection(String bucket) {
        owner().delete("/v1/buckets/" + bucket);
        JsonNode b = data(owner().put("/v1/buckets/" + bucket).then().statusCode(201).extract().response());
        JsonNode c = data(owner().put("/v1/buckets/" + bucket + "/collections/col").then().statusCode(201).extract().response());
        return new JsonNode[] {b, c};
    }

    private static JsonNode data(Response response) {
        try {
            return Json.MAPPER.readTree(response.asByteArray()).get("data");
        } catch (java.io.IOException e) {
            throw new AssertionError(response.asString(), e);
        }
    }

    private static long size(JsonNode... objects) {
        long total = 0;
        for (JsonNode object : objects) {
            total += object.toString().length();
        }
        return total;
    }

    private ObjectNode usage(String parent, String id) {
        return storage.peek("quota", parent, id).await().indefinitely().orElse(null);
    }

    private void assertBucketUsage(String bucket, long collections, long records, long bytes) {
        ObjectNode usage = usage("/buckets/" + bucket, "bucket_info");
        assertEquals(List.of(collections, records, bytes), List.of(usage.get("collection_count").asLong(),
                usage.get("record_count").asLong(), usage.get("storage_size").asLong()), usage.toString());
    }

    private void assertCollectionUsage(String bucket, String collection, long records, long bytes) {
        ObjectNode usage = usage("/buckets/" + bucket + "/collections/" + collection, "collection_info");
        assertEquals(List.of(records, bytes), List.of(usage.get("record_count").asLong(),
                usage.get("storage_size").asLong()), usage.toString());
    }

    /** Kinto's 507 envelope with a message starting so. */
    private static void assertInsufficientStorage(Response response, String message) {
        response.then().statusCode(507).body("code", equalTo(507)).body("errno", equalTo(121))
                .body("error", equalTo("Insufficient Storage"));
        String actual = response.path("message");
        assertTrue(actual.startsWith(message), actual);
    }

    @Test
    void rootAdvertisesTheCapability() {
        given().get("/v1/").then().statusCode(200)
                .body("capabilities.quotas.description", equalTo("Quotas Management on buckets and collections."))
                .body("capabilities.quotas.url", equalTo("https://kinto.readthedocs.io"));
    }

    @Test
    void everyWriteKeepsTheUsageUpToDate() {
        JsonNode[] created = bucketWithCollection("qacc");
        JsonNode bucket = created[0];
        JsonNode collection = created[1];
        String col = "/v1/buckets/qacc/collections/col";
        JsonNode record = data(owner().body("{\"data\": {\"foo\": 42}}").put(col + "/records/rec")
                .then().statusCode(201).extract().response());
        JsonNode group = data(owner().body("{\"data\": {\"members\": [\"elle\"]}}").put("/v1/buckets/qacc/groups/grp")
                .then().statusCode(201).extract().response());
        assertBucketUsage("qacc", 1, 1, size(bucket, collection, record, group));
        assertCollectionUsage("qacc", "col", 1, size(collection, record));

        // Updates of each kind replace the old size by the new one.
        bucket = data(owner().body("{\"data\": {\"foo\": \"baz\"}}").patch("/v1/buckets/qacc").then().statusCode(200).extract().response());
        collection = data(owner().body("{\"data\": {\"foo\": \"baz\"}}").patch(col).then().statusCode(200).extract().response());
        record = data(owner().body("{\"data\": {\"foo\": \"a longer value\"}}").patch(col + "/records/rec")
                .then().statusCode(200).extract().response());
        group = data(owner().body("{\"data\": {\"members\": [\"elle\", \"lui\"]}}").put("/v1/buckets/qacc/groups/grp")
                .then().statusCode(200).extract().response());
        assertBucketUsage("qacc", 1, 1, size(bucket, collection, record, group));
        assertCollectionUsage("qacc", "col", 1, size(collection, record));

        // Deletions, one by one and by list.
        for (int i = 0; i < 3; i++) {
            owner().body("{\"data\": {\"foo\": 42}}").post(col + "/records").then().statusCode(201);
        }
        owner().delete(col + "/records/rec").then().statusCode(200);
        assertBucketUsage("qacc", 1, 3, size(bucket, collection, group) + 3 * size(data(owner().get(col + "/records")
                .then().extract().response()).get(0)));
        owner().delete(col + "/records").then().statusCode(200);
        owner().delete("/v1/buckets/qacc/groups/grp").then().statusCode(200);
        assertBucketUsage("qacc", 1, 0, size(bucket, collection));
        assertCollectionUsage("qacc", "col", 0, size(collection));

        // A deleted collection takes its records (a cascade, without events) and its usage along.
        for (int i = 0; i < 4; i++) {
            owner().body("{\"data\": {\"foo\": 42}}").post(col + "/records").then().statusCode(201);
        }
        owner().delete(col).then().statusCode(200);
        assertBucketUsage("qacc", 0, 0, size(bucket));
        assertNull(usage("/buckets/qacc/collections/col", "collection_info"));

        // So does a deleted bucket.
        owner().delete("/v1/buckets/qacc").then().statusCode(200);
        assertEquals(List.of(), storage.listAll("quota", "/buckets/qacc*", ListQuery.ALL, true).await().indefinitely());
    }

    @Test
    void collectionsDeletedByListLeaveTheBucketUsage() {
        JsonNode bucket = bucketWithCollection("qlist")[0];
        for (String id : List.of("a", "b")) {
            owner().put("/v1/buckets/qlist/collections/" + id).then().statusCode(201);
            owner().body("{\"data\": {\"n\": 1}}").post("/v1/buckets/qlist/collections/" + id + "/records").then().statusCode(201);
        }
        owner().delete("/v1/buckets/qlist/collections").then().statusCode(200);
        assertBucketUsage("qlist", 0, 0, size(bucket));
    }

    @Test
    void batchesAreCountedAndARefusedOneChangesNothing() {
        owner().delete("/v1/buckets/qbatch");
        String col = "/buckets/qbatch/collections/col";
        Response batch = owner().body("""
                {"defaults": {"method": "POST", "path": "%s/records"},
                 "requests": [{"path": "/buckets/qbatch", "method": "PUT"}, {"path": "%s", "method": "PUT"},
                              {"body": {"data": {"id": "a", "attr": 1}}}, {"body": {"data": {"id": "b", "attr": 2}}},
                              {"body": {"data": {"id": "c", "attr": 3}}}]}""".formatted(col, col)).post("/v1/batch");
        batch.then().statusCode(200);
        long total = 0;
        for (int i = 0; i < 5; i++) {
            assertEquals(201, (int) batch.path("responses[" + i + "].status"));
            total += Json.MAPPER.valueToTree(batch.path("responses[" + i + "].body.data")).toString().length();
        }
        assertBucketUsage("qbatch", 1, 3, total);

        // In bucket qitems (one record at most), a batch of two is refused whole.
        bucketWithCollection("qitems");
        ObjectNode before = usage("/buckets/qitems", "bucket_info");
        Response refused = owner().body("""
                {"defaults": {"method": "POST", "path": "/buckets/qitems/collections/col/records"},
                 "requests": [{"body": {"data": {"n": 1}}}, {"body": {"data": {"n": 2}}}]}""").post("/v1/batch");
        assertInsufficientStorage(refused, "Bucket maximum number of objects exceeded (2 > 1 objects).");
        owner().get("/v1/buckets/qitems/collections/col/records").then().statusCode(200).body("data.size()", equalTo(0));
        assertEquals(before, usage("/buckets/qitems", "bucket_info"));
    }

    @Test
    void bucketMaxBytesRefusesGrowthOnly() {
        JsonNode[] created = bucketWithCollection("qbytes");
        String col = "/v1/buckets/qbytes/collections/col";
        JsonNode record = data(owner().body("{\"data\": {\"foo\": 42}}").put(col + "/records/rec")
                .then().statusCode(201).extract().response());
        long used = size(created[0], created[1], record);
        assertTrue(used <= 150, "the fixture fits: " + used);

        Response refused = owner().body("{\"data\": {\"foo\": 42}}").post(col + "/records");
        assertInsufficientStorage(refused, "Bucket maximum total size exceeded (");
        assertTrue(refused.<String>path("message").endsWith(" > 150 Bytes). "), refused.asString());
        owner().get(col + "/records").then().body("data.size()", equalTo(1));
        assertBucketUsage("qbytes", 1, 1, used);

        assertInsufficientStorage(owner().body("{\"data\": {\"bar\": \"This is a very long string.\"}}")
                .patch(col + "/records/rec"), "Bucket maximum total size exceeded (");
        assertInsufficientStorage(owner().body("{\"data\": {\"bar\": \"This is a very long string.\"}}")
                .patch(col), "Bucket maximum total size exceeded (");
        assertInsufficientStorage(owner().body("{\"data\": {\"members\": [\"elle\"]}}")
                .put("/v1/buckets/qbytes/groups/grp"), "Bucket maximum total size exceeded (");
        owner().get("/v1/buckets/qbytes/groups").then().body("data.size()", equalTo(0));
        owner().get(col + "/records/rec").then().body("data.foo", equalTo(42)).body("data.bar", equalTo(null));
        assertBucketUsage("qbytes", 1, 1, used);

        owner().delete(col + "/records/rec").then().statusCode(200);
        assertBucketUsage("qbytes", 1, 0, size(created[0], created[1]));
    }

    @Test
    void bytesPerItem() {
        bucketWithCollection("qitem");
        String col = "/v1/buckets/qitem/collections/col";
        owner().body("{\"data\": {\"foo\": 42}}").put(col + "/records/rec").then().statusCode(201);
        Response refused = owner().body("{\"data\": {\"foo\": 42, \"bar\": \"This is a very long string.\"}}")
                .patch(col + "/records/rec");
        assertInsufficientStorage(refused, "Maximum bytes per object exceeded \" \"(");
        assertTrue(refused.<String>path("message").endsWith(" > 55 Bytes."), refused.asString());
        assertInsufficientStorage(owner().body("{\"data\": {\"members\": [\"elle\", \"lui\", \"je\", \"tu\", \"il\"]}}")
                .put("/v1/buckets/qitem/groups/grp"), "Maximum bytes per object exceeded");
        owner().get(col + "/records/rec").then().body("data.bar", equalTo(null));

        // The global bucket setting (4000) holds where no more specific one is set; qcpi's collections have 80.
        bucketWithCollection("qcpi");
        assertInsufficientStorage(owner().body("{\"data\": {\"text\": \"" + "x".repeat(60) + "\"}}")
                .post("/v1/buckets/qcpi/collections/col/records"), "Maximum bytes per object exceeded");
        bucketWithCollection("qfree");
        owner().body("{\"data\": {\"text\": \"" + "x".repeat(3000) + "\"}}")
                .post("/v1/buckets/qfree/collections/col/records").then().statusCode(201);
        assertInsufficientStorage(owner().body("{\"data\": {\"text\": \"" + "x".repeat(4000) + "\"}}")
                .post("/v1/buckets/qfree/collections/col/records"), "Maximum bytes per object exceeded");
    }

    @Test
    void collectionLimits() {
        // quotas.collection_qcol_max_bytes = 100: a collection and one small record fit.
        JsonNode collection = bucketWithCollection("qcol")[1];
        String col = "/v1/buckets/qcol/collections/col";
        JsonNode record = data(owner().body("{\"data\": {\"foo\": 42}}").put(col + "/records/rec")
                .then().statusCode(201).extract().response());
        assertInsufficientStorage(owner().body("{\"data\": {\"foo\": 42}}").post(col + "/records"),
                "Collection maximum size exceeded (");
        assertCollectionUsage("qcol", "col", 1, size(collection, record));

        // quotas.collection_qcols_big_max_items = 1: only collection "big" of bucket qcols is limited.
        bucketWithCollection("qcols");
        for (String name : List.of("big", "small")) {
            owner().put("/v1/buckets/qcols/collections/" + name).then().statusCode(201);
            owner().body("{\"data\": {}}").post("/v1/buckets/qcols/collections/" + name + "/records").then().statusCode(201);
        }
        owner().body("{\"data\": {}}").post("/v1/buckets/qcols/collections/small/records").then().statusCode(201);
        assertInsufficientStorage(owner().body("{\"data\": {}}").post("/v1/buckets/qcols/collections/big/records"),
                "Collection maximum number of objects exceeded (2 > 1 objects).");
        owner().get("/v1/buckets/qcols/collections/big/records").then().body("data.size()", equalTo(1));
    }

    @Test
    void userDataDeletionUpdatesTheBucketUsage() {
        String alice = as("quota-alice").get("/v1/").then().extract().path("user.id");
        owner().delete("/v1/buckets/qud");
        JsonNode bucket = data(owner().body("{\"permissions\": {\"collection:create\": [\"" + alice + "\"]}}")
                .put("/v1/buckets/qud").then().statusCode(201).extract().response());
        as("quota-alice").put("/v1/buckets/qud/collections/hers").then().statusCode(201);
        for (int i = 0; i < 2; i++) {
            as("quota-alice").body("{\"data\": {\"n\": 1}}").post("/v1/buckets/qud/collections/hers/records").then().statusCode(201);
        }
        as("gdpr-officer").delete("/v1/__user_data__/" + alice).then().statusCode(200);
        owner().get("/v1/buckets/qud/collections/hers").then().statusCode(404);
        assertBucketUsage("qud", 0, 0, size(bucket));
    }

    /** Writers of different collections of one bucket race for its last places: the limit holds. */
    @Test
    void concurrentWritersCannotExceedALimit() throws Exception {
        owner().delete("/v1/buckets/qrace");
        owner().put("/v1/buckets/qrace").then().statusCode(201);
        int writers = 12;
        for (int i = 0; i < writers; i++) {
            owner().put("/v1/buckets/qrace/collections/c" + i).then().statusCode(201);
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<Callable<Integer>> writes = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            String path = "/v1/buckets/qrace/collections/c" + i + "/records/r";
            writes.add(() -> owner().body("{\"data\": {}}").put(path).statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        try {
            for (Future<Integer> status : pool.invokeAll(writes)) {
                statuses.add(status.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(5, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
        assertEquals(writers - 5, statuses.stream().filter(s -> s == 507).count(), statuses.toString());
        long stored = 0;
        for (int i = 0; i < writers; i++) {
            stored += storage.countAll("record", "/buckets/qrace/collections/c" + i, List.of()).await().indefinitely();
        }
        assertEquals(5, stored);
        assertEquals(5, usage("/buckets/qrace", "bucket_info").get("record_count").asLong());
    }
}
