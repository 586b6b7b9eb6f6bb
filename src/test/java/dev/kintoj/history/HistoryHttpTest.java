package dev.kintoj.history;

import dev.kintoj.quotas.QuotasHttpTest;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The history plugin through the real server (plugins.md §3): entries after every action, listing rules. The profile
 * is the quotas suite's, which includes the history plugin.
 */
@QuarkusTest
@TestProfile(QuotasHttpTest.Limits.class)
class HistoryHttpTest {

    private final String alice = basic("alice" + UUID.randomUUID());
    private final String bob = basic("bob" + UUID.randomUUID());

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":pw").getBytes());
    }

    private static RequestSpecification as(String authorization) {
        return given().header("Authorization", authorization).contentType("application/json");
    }

    private static String userId(String authorization) {
        return as(authorization).get("/v1/").jsonPath().getString("user.id");
    }

    private String bucket() {
        String id = "h" + UUID.randomUUID().toString().substring(0, 8);
        as(alice).put("/v1/buckets/" + id).then().statusCode(201);
        return id;
    }

    private JsonPath history(String authorization, String bucket, String query) {
        return as(authorization).get("/v1/buckets/" + bucket + "/history" + query).then().statusCode(200).extract().jsonPath();
    }

    /** plugins.md §9: what __user_data__ deletes is history like any deletion, by the caller. */
    @Test
    void userDataDeletionLeavesDeleteEntries() {
        String bucket = bucket();
        String b = "/v1/buckets/" + bucket;
        String bobsId = userId(bob);
        as(alice).body("{\"permissions\": {\"record:create\": [\"" + bobsId + "\"]}}").put(b + "/collections/c")
                .then().statusCode(201);
        as(bob).body("{\"data\": {\"n\": 1}}").put(b + "/collections/c/records/bobs").then().statusCode(201);
        // The test profile lets gdpr-officer:secret delete user data.
        String officer = "Basic " + Base64.getEncoder().encodeToString("gdpr-officer:secret".getBytes());
        as(officer).delete("/v1/__user_data__/" + bobsId).then().statusCode(200);

        JsonPath entries = history(alice, bucket, "?resource_name=record");
        assertEquals(List.of("delete", "create"), entries.getList("data.action"));
        assertEquals(userId(officer), entries.getString("data[0].user_id"));
        assertEquals(b.substring(3) + "/collections/c/records/bobs", entries.getString("data[0].uri"));
    }

    @Test
    void everyActionLeavesAnEntry() {
        String bucket = bucket();
        String b = "/v1/buckets/" + bucket;
        as(alice).body("{\"data\": {\"id\": \"c\"}}").post(b + "/collections").then().statusCode(201);
        as(alice).body("{\"data\": {\"x\": 1}}").patch(b + "/collections/c").then().statusCode(200);
        as(alice).body("{\"data\": {\"id\": \"r1\", \"n\": 1}}").post(b + "/collections/c/records").then().statusCode(201);
        as(alice).body("{\"data\": {\"n\": 2}}").put(b + "/collections/c/records/r1").then().statusCode(200);
        as(alice).delete(b + "/collections/c/records/r1").then().statusCode(200);
        as(alice).body("{\"data\": {\"members\": []}}").put(b + "/groups/g").then().statusCode(201);
        JsonPath entries = history(alice, bucket, "");
        // Newest first (default sort -last_modified).
        assertEquals(List.of("group", "record", "record", "record", "collection", "collection", "bucket"),
                entries.getList("data.resource_name"));
        assertEquals(List.of("create", "delete", "update", "create", "update", "create", "create"), entries.getList("data.action"));
        assertEquals(List.of("/buckets/" + bucket + "/groups/g", "/buckets/" + bucket + "/collections/c/records/r1",
                        "/buckets/" + bucket + "/collections/c/records/r1", "/buckets/" + bucket + "/collections/c/records/r1",
                        "/buckets/" + bucket + "/collections/c", "/buckets/" + bucket + "/collections/c", "/buckets/" + bucket),
                entries.getList("data.uri"));
        String alicesId = userId(alice);
        assertEquals(List.of(alicesId), entries.getList("data.user_id").stream().distinct().toList());
        assertEquals("g", entries.getString("data[0].group_id"));
        assertEquals("r1", entries.getString("data[1].record_id"));
        assertEquals("c", entries.getString("data[1].collection_id"));
        assertEquals(true, entries.getBoolean("data[1].target.data.deleted"));
        assertEquals(2, entries.getInt("data[2].target.data.n"));
        assertEquals(List.of(alicesId), entries.getList("data[2].target.permissions.write"));
        assertEquals(bucket, entries.getString("data[6].bucket_id"));
        assertNull(entries.get("data[1].bucket_id"));
        assertTrue(entries.getString("data[0].date").matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}\\+00:00"),
                entries.getString("data[0].date"));
        List<Long> timestamps = entries.getList("data.last_modified", Long.class);
        for (int i = 1; i < timestamps.size(); i++) {
            assertTrue(timestamps.get(i - 1) > timestamps.get(i));
        }
    }

    @Test
    void deletingManyRecordsLeavesOneEntryEachAndCascadesLeaveNone() {
        String bucket = bucket();
        String records = "/v1/buckets/" + bucket + "/collections/c/records";
        as(alice).put("/v1/buckets/" + bucket + "/collections/c").then().statusCode(201);
        for (String id : List.of("a", "b", "c")) {
            as(alice).put(records + "/" + id).then().statusCode(201);
        }
        as(alice).delete(records + "?in_id=a,b").then().statusCode(200);
        JsonPath deletes = history(alice, bucket, "?action=delete&resource_name=record");
        assertEquals(List.of("a", "b"), deletes.getList("data.record_id", String.class).stream().sorted().toList());
        as(alice).delete("/v1/buckets/" + bucket + "/collections/c").then().statusCode(200);
        JsonPath all = history(alice, bucket, "?action=delete");
        assertEquals(List.of("collection", "record", "record"), all.getList("data.resource_name"));
    }

    @Test
    void deletingTheBucketRemovesItsHistory() {
        String bucket = bucket();
        as(alice).put("/v1/buckets/" + bucket + "/collections/c").then().statusCode(201);
        as(alice).delete("/v1/buckets/" + bucket).then().statusCode(200);
        as(alice).put("/v1/buckets/" + bucket).then().statusCode(201);
        JsonPath entries = history(alice, bucket, "");
        assertEquals(List.of("bucket"), entries.getList("data.resource_name"));
        assertEquals(List.of("create"), entries.getList("data.action"));
    }

    @Test
    void filtersSortingAndFixedSchema() {
        String bucket = bucket();
        String records = "/v1/buckets/" + bucket + "/collections/c/records";
        as(alice).put("/v1/buckets/" + bucket + "/collections/c").then().statusCode(201);
        as(alice).put(records + "/2").then().statusCode(201);
        as(alice).put(records + "/x").then().statusCode(201);
        assertEquals(List.of("2"), history(alice, bucket, "?record_id=2").getList("data.record_id"));
        assertEquals(List.of("x"), history(alice, bucket, "?target.data.id=x&resource_name=record").getList("data.record_id"));
        assertEquals(List.of("bucket", "collection", "record", "record"),
                history(alice, bucket, "?_sort=last_modified").getList("data.resource_name"));
        JsonPath page = history(alice, bucket, "?_limit=1&_fields=action,uri");
        assertEquals(1, page.getList("data").size());
        assertEquals(List.of("action", "id", "last_modified", "uri"),
                page.getMap("data[0]").keySet().stream().sorted().toList());
        as(alice).get("/v1/buckets/" + bucket + "/history?color=red").then().statusCode(400).body("errno", equalTo(107));
        as(alice).get("/v1/buckets/" + bucket + "/history?_sort=color").then().statusCode(400).body("errno", equalTo(107));
        as(alice).head("/v1/buckets/" + bucket + "/history").then().statusCode(200).header("Total-Objects", "4");
    }

    @Test
    void onlyListAndDeleteAreServed() {
        String bucket = bucket();
        String history = "/v1/buckets/" + bucket + "/history";
        String anyId = history(alice, bucket, "").getString("data[0].id");
        as(alice).get(history + "/" + anyId).then().statusCode(404).body("errno", equalTo(111));
        as(alice).body("{}").post(history).then().statusCode(405).header("Allow", "HEAD, GET, DELETE, OPTIONS");
        as(alice).body("{}").put(history).then().statusCode(405);
        as(alice).body("{}").patch(history).then().statusCode(405);
    }

    @Test
    void readersSeeTheEntriesTheyMayRead() {
        String bucket = bucket();
        String b = "/v1/buckets/" + bucket;
        String bobsId = userId(bob);
        as(alice).body("{\"permissions\": {\"read\": [\"" + bobsId + "\"]}}").put(b + "/collections/shared").then().statusCode(201);
        as(alice).put(b + "/collections/private").then().statusCode(201);
        as(alice).put(b + "/collections/shared/records/r").then().statusCode(201);
        as(alice).put(b + "/collections/private/records/r").then().statusCode(201);
        JsonPath seen = history(bob, bucket, "");
        assertEquals(List.of("/buckets/" + bucket + "/collections/shared/records/r", "/buckets/" + bucket + "/collections/shared"),
                seen.getList("data.uri"));
        assertEquals(5, history(alice, bucket, "").getList("data").size());
        // Bob may read some entries but write none: his DELETE removes nothing.
        as(bob).delete(b + "/history").then().statusCode(403);
        as(alice).delete(b + "/history?resource_name=record").then().statusCode(200);
        assertEquals(List.of("collection", "collection", "bucket"), history(alice, bucket, "").getList("data.resource_name"));
    }

    @Test
    void aBatchLeavesOneEntryPerObject() {
        String bucket = bucket();
        as(alice).put("/v1/buckets/" + bucket + "/collections/c").then().statusCode(201);
        as(alice).body("""
                {"defaults": {"method": "POST", "path": "/buckets/%s/collections/c/records"},
                 "requests": [{"body": {"data": {"id": "x"}}}, {"body": {"data": {"id": "y"}}}]}""".formatted(bucket))
                .post("/v1/batch").then().statusCode(200).body("responses.status", equalTo(List.of(201, 201)));
        JsonPath entries = history(alice, bucket, "?resource_name=record");
        assertEquals(List.of("y", "x"), entries.getList("data.record_id"));
    }

    @Test
    void anonymousChangesHaveNoUserAndTheCapabilityIsAdvertised() {
        String bucket = "h" + UUID.randomUUID().toString().substring(0, 8);
        given().put("/v1/buckets/" + bucket).then().statusCode(201);
        JsonPath entries = given().get("/v1/buckets/" + bucket + "/history").then().statusCode(200).extract().jsonPath();
        assertEquals(1, entries.getList("data").size());
        assertNull(entries.get("data[0].user_id"));
        given().get("/v1/").then().statusCode(200).body("capabilities.history.description", equalTo("Track changes on data."));
        as(alice).get("/v1/buckets/default/history").then().statusCode(200)
                .body("data.resource_name", hasItem("bucket"));
    }

    @Test
    void snapshotsRebuildACollectionAtAnInstant() {
        String bucket = bucket();
        String records = "/v1/buckets/" + bucket + "/collections/c/records";
        as(alice).put("/v1/buckets/" + bucket + "/collections/c").then().statusCode(201);
        as(alice).body("{\"data\": {\"v\": 1}}").put(records + "/a").then().statusCode(201);
        long instant = as(alice).body("{\"data\": {\"v\": 1}}").put(records + "/b").then().statusCode(201)
                .extract().jsonPath().getLong("data.last_modified");
        as(alice).body("{\"data\": {\"v\": 2}}").put(records + "/a").then().statusCode(200);
        as(alice).delete(records + "/b").then().statusCode(200);
        as(alice).put(records + "/c").then().statusCode(201);
        String snapshot = "/v1/buckets/" + bucket + "/snapshot/collections/c@";
        JsonPath then = as(alice).get(snapshot + instant).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("b", "a"), then.getList("data.id"));
        assertEquals(List.of(1, 1), then.getList("data.v"));
        JsonPath now = as(alice).get(snapshot + System.currentTimeMillis() * 2).then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("c", "a"), now.getList("data.id"));
        assertEquals(List.of(), as(alice).get(snapshot + 0).then().statusCode(200).extract().jsonPath().getList("data"));
        as(alice).get(snapshot + "abc").then().statusCode(400).body("details[0].name", equalTo("timestamp"))
                .body("details[0].location", equalTo("path")).body("message", equalTo("Invalid timestamp 'abc'"));
        as(alice).get(snapshot + "-1").then().statusCode(400);
        as(bob).get(snapshot + instant).then().statusCode(403);
        given().get(snapshot + instant).then().statusCode(401);
        as(alice).body("{}").put(snapshot + instant).then().statusCode(405);
        JsonPath viaBatch = as(alice).body("{\"requests\": [{\"path\": \"/buckets/" + bucket + "/snapshot/collections/c@" + instant + "\"}]}")
                .post("/v1/batch").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("b", "a"), viaBatch.getList("responses[0].body.data.id"));
    }

    @Test
    void snapshotsOfTheDefaultBucketAreThoseOfThePersonalBucket() {
        String personal = as(alice).get("/v1/").jsonPath().getString("user.bucket");
        String fresh = "/v1/buckets/default/snapshot/collections/c@" + System.currentTimeMillis() * 2;
        // A first request through the alias creates the personal bucket, as every default-bucket path does.
        assertEquals(List.of(), as(alice).get(fresh).then().statusCode(200).extract().jsonPath().getList("data"));
        as(alice).get("/v1/buckets/" + personal).then().statusCode(200);
        String records = "/v1/buckets/default/collections/c/records";
        long instant = as(alice).body("{\"data\": {\"v\": 1}}").put(records + "/a").then().statusCode(201)
                .extract().jsonPath().getLong("data.last_modified");
        as(alice).body("{\"data\": {\"v\": 2}}").put(records + "/a").then().statusCode(200);
        as(alice).put(records + "/b").then().statusCode(201);
        JsonPath then = as(alice).get("/v1/buckets/default/snapshot/collections/c@" + instant)
                .then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("a"), then.getList("data.id"));
        assertEquals(List.of(1), then.getList("data.v"));
        assertEquals(then.getList("data"), as(alice).get("/v1/buckets/" + personal + "/snapshot/collections/c@" + instant)
                .then().statusCode(200).extract().jsonPath().getList("data"));
        given().get("/v1/buckets/default/snapshot/collections/c@" + instant).then().statusCode(401)
                .body("errno", equalTo(104));
        JsonPath viaBatch = as(alice).body("{\"requests\": [{\"path\": \"/buckets/default/snapshot/collections/c@" + instant + "\"}]}")
                .post("/v1/batch").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("a"), viaBatch.getList("responses[0].body.data.id"));
    }
}
