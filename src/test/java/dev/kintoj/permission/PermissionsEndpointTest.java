package dev.kintoj.permission;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code /v1/permissions} (permissions.md §8), enabled in the test profile by experimental_permissions_endpoint. */
@QuarkusTest
class PermissionsEndpointTest {

    private String owner;
    private String reader;
    private String bucket;

    private static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, "secret").contentType("application/json");
    }

    private static String userId(String user) {
        return as(user).get("/v1/").then().statusCode(200).extract().path("user.id");
    }

    @BeforeEach
    void ownerSharesABucketAndARecord() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        owner = "owner" + suffix;
        reader = "reader" + suffix;
        bucket = "p" + suffix;
        as(owner).put("/v1/buckets/" + bucket).then().statusCode(201);
        as(owner).put("/v1/buckets/" + bucket + "/collections/c").then().statusCode(201);
        as(owner).body("{\"permissions\": {\"read\": [\"" + userId(reader) + "\"]}}")
                .put("/v1/buckets/" + bucket + "/collections/c/records/r").then().statusCode(201);
    }

    private List<Map<String, Object>> entries(String user, String query) {
        return as(user).get("/v1/permissions" + query).then().statusCode(200).extract().path("data");
    }

    private static Map<String, Object> byUri(List<Map<String, Object>> entries, String uri) {
        return entries.stream().filter(e -> uri.equals(e.get("uri"))).findFirst()
                .orElseThrow(() -> new AssertionError(uri + " not in " + entries));
    }

    /** A browser must never answer from a stale copy (kinto-admin's permission check after a bucket creation). */
    @Test
    void answersAreNotCachedAsInKinto() {
        as(owner).get("/v1/permissions").then().statusCode(200).header("Cache-Control", "no-cache, no-store");
        as(owner).head("/v1/permissions").then().statusCode(200).header("Cache-Control", "no-cache, no-store");
    }

    @Test
    void theOwnerSeesEveryObjectWithTheImpliedPermissions() {
        List<Map<String, Object>> entries = entries(owner, "?bucket_id=" + bucket);
        Map<String, Object> bucketEntry = byUri(entries, "/buckets/" + bucket);
        assertEquals("bucket", bucketEntry.get("resource_name"));
        assertEquals(bucket, bucketEntry.get("id"));
        assertEquals(bucket, bucketEntry.get("bucket_id"));
        assertEquals(java.util.Set.of("write", "read", "read:attributes", "collection:create", "group:create"),
                java.util.Set.copyOf((List<?>) bucketEntry.get("permissions")));
        Map<String, Object> collection = byUri(entries, "/buckets/" + bucket + "/collections/c");
        assertEquals(java.util.Set.of("write", "read", "read:attributes", "record:create"),
                java.util.Set.copyOf((List<?>) collection.get("permissions")));
        assertEquals("c", collection.get("collection_id"));
        Map<String, Object> record = byUri(entries, "/buckets/" + bucket + "/collections/c/records/r");
        assertEquals(java.util.Set.of("write", "read"), java.util.Set.copyOf((List<?>) record.get("permissions")));
        assertEquals("r", record.get("record_id"));
        assertEquals(3, entries.size(), "only objects of this bucket: " + entries);
    }

    @Test
    void aReaderSeesOnlyWhatIsInItsOwnAclsNotWhatIsInherited() {
        List<Map<String, Object>> entries = entries(reader, "?bucket_id=" + bucket);
        assertEquals(1, entries.size(), entries.toString());
        assertEquals(List.of("read"), entries.get(0).get("permissions"));
        assertEquals("/buckets/" + bucket + "/collections/c/records/r", entries.get(0).get("uri"));
    }

    @Test
    void theRootEntryComesFromCreateSettings() {
        Map<String, Object> root = byUri(entries(owner, ""), "/");
        assertEquals("root", root.get("resource_name"));
        assertTrue(((List<?>) root.get("permissions")).contains("bucket:create"));
        assertTrue(((List<?>) root.get("permissions")).contains("account:create"));
        // The test profile lets everyone create buckets and accounts; anonymous callers see that, nothing else.
        given().get("/v1/permissions").then().statusCode(200)
                .body("data.uri", not(hasItem("/buckets/" + bucket)))
                .body("data.find { it.uri == '/' }.permissions", containsInAnyOrder("bucket:create", "account:create"));
    }

    @Test
    void defaultOrderIsUriDescendingAndPaginationWalksEverything() {
        List<Map<String, Object>> all = entries(owner, "?bucket_id=" + bucket);
        List<Object> uris = all.stream().map(e -> e.get("uri")).toList();
        List<Object> sorted = new java.util.ArrayList<>(uris);
        sorted.sort((a, b) -> ((String) b).compareTo((String) a));
        assertEquals(sorted, uris);

        Response first = as(owner).get("/v1/permissions?bucket_id=" + bucket + "&_limit=2");
        first.then().statusCode(200);
        assertEquals(2, first.jsonPath().getList("data").size());
        String next = first.header("Next-Page");
        assertTrue(next != null && next.contains("_token="), "Next-Page: " + next);
        List<Object> rest = as(owner).urlEncodingEnabled(false).get(next).then().statusCode(200).extract().path("data.uri");
        assertEquals(uris.subList(2, uris.size()), rest);
    }

    @Test
    void filtersSortingAndFieldsUseEntryFields() {
        as(owner).get("/v1/permissions?bucket_id=" + bucket + "&resource_name=record").then().statusCode(200)
                .body("data.uri", containsInAnyOrder("/buckets/" + bucket + "/collections/c/records/r"));
        as(owner).get("/v1/permissions?bucket_id=" + bucket + "&_sort=uri&_fields=uri").then().statusCode(200)
                .body("data[0].uri", equalTo("/buckets/" + bucket))
                .body("data[0].permissions", nullValue());
        as(owner).get("/v1/permissions?bucket_id=" + bucket + "&_since=123&_sort=last_modified").then().statusCode(200);
        as(owner).head("/v1/permissions?bucket_id=" + bucket).then().statusCode(200).header("Total-Objects", "3");
    }

    @Test
    void unknownFieldsAreRefused() {
        for (String query : List.of("?color=red", "?_sort=color", "?_fields=color")) {
            as(owner).get("/v1/permissions" + query).then().statusCode(400)
                    .body("errno", equalTo(107)).body("details[0].location", equalTo("querystring"));
        }
    }

    @Test
    void onlyReadMethodsAreAllowed() {
        as(owner).post("/v1/permissions").then().statusCode(405).body("errno", equalTo(115));
        as(owner).delete("/v1/permissions").then().statusCode(405);
        as(owner).get("/v1/permissions/x").then().statusCode(404);
    }
}
