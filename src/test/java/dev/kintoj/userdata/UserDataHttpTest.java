package dev.kintoj.userdata;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code DELETE /v1/__user_data__/{principal}} (plugins.md §9). The test profile lets the basicauth user
 * {@code gdpr-officer:secret} use it ({@code user-data_delete_principals}).
 */
@QuarkusTest
class UserDataHttpTest {

    private String alice;
    private String bob;
    private String aliceId;
    private String bobId;
    private String owned;
    private String shared;

    private static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, "secret").contentType("application/json");
    }

    private static String userId(String user) {
        return as(user).get("/v1/").then().statusCode(200).extract().path("user.id");
    }

    /**
     * alice alone writes bucket {@code owned} (with a collection and a record, readable by bob); bob's bucket
     * {@code shared} lets alice write, holds a record only alice writes, and a group with alice as member.
     */
    @BeforeEach
    void aliceOwnsSomeDataAndSharesOther() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        alice = "alice" + suffix;
        bob = "bob" + suffix;
        aliceId = userId(alice);
        bobId = userId(bob);
        owned = "/v1/buckets/owned" + suffix;
        shared = "/v1/buckets/shared" + suffix;
        as(alice).body("{\"permissions\": {\"read\": [\"" + bobId + "\"]}}").put(owned).then().statusCode(201);
        as(alice).put(owned + "/collections/c").then().statusCode(201);
        as(alice).body("{\"data\": {\"n\": 1}}").put(owned + "/collections/c/records/r").then().statusCode(201);
        as(bob).body("{\"permissions\": {\"write\": [\"" + aliceId + "\"], \"read\": [\"" + aliceId + "\"]}}")
                .put(shared).then().statusCode(201);
        as(bob).put(shared + "/collections/c").then().statusCode(201);
        as(alice).body("{\"data\": {\"n\": 2}}").put(shared + "/collections/c/records/hers").then().statusCode(201);
        as(bob).body("{\"data\": {\"n\": 3}}").put(shared + "/collections/c/records/his").then().statusCode(201);
        as(bob).body("{\"data\": {\"members\": [\"" + aliceId + "\"]}}").put(shared + "/groups/g").then().statusCode(201);
        List<String> principals = as(alice).get("/v1/").then().extract().path("user.principals");
        assertTrue(principals.contains(shared.substring(3) + "/groups/g"), principals.toString());
    }

    @Test
    void onlyTheConfiguredPrincipalsMayDelete() {
        given().delete("/v1/__user_data__/" + aliceId).then().statusCode(401).body("errno", equalTo(104));
        as(bob).delete("/v1/__user_data__/" + aliceId).then().statusCode(403).body("errno", equalTo(121));
        as(alice).delete("/v1/__user_data__/" + aliceId).then().statusCode(403);
        // Nothing changed.
        as(bob).get(owned).then().statusCode(200);
        as(alice).get(shared + "/collections/c/records/hers").then().statusCode(200);
    }

    @Test
    void onlyDeleteIsServed() {
        as("gdpr-officer").get("/v1/__user_data__/" + aliceId).then().statusCode(405).body("errno", equalTo(115));
        as("gdpr-officer").delete("/v1/__user_data__").then().statusCode(404);
    }

    @Test
    void whatThePrincipalAloneWritesIsDeletedAndItIsRemovedFromEverythingElse() {
        as("gdpr-officer").delete("/v1/__user_data__/" + aliceId).then().statusCode(200)
                .body("data", equalTo(Map.of("principal", aliceId)));

        // Step 2: alice's bucket is gone with everything below it (bob could read it).
        List<String> visible = as(bob).get("/v1/buckets").then().statusCode(200).extract().path("data.id");
        assertFalse(visible.contains(owned.substring(owned.lastIndexOf('/') + 1)), visible.toString());
        // ... and her record in bob's collection left a tombstone there.
        List<Map<String, Object>> changes = as(bob).get(shared + "/collections/c/records?_since=0")
                .then().statusCode(200).extract().path("data");
        assertTrue(changes.stream().anyMatch(r -> "hers".equals(r.get("id")) && Boolean.TRUE.equals(r.get("deleted"))),
                changes.toString());
        assertTrue(changes.stream().anyMatch(r -> "his".equals(r.get("id")) && r.get("deleted") == null), changes.toString());
        // Step 3: bob's bucket stays, without alice in its ACL.
        as(bob).get(shared).then().statusCode(200)
                .body("permissions.write", equalTo(List.of(bobId)))
                .body("permissions", not(org.hamcrest.Matchers.hasKey("read")));
        as(alice).get(shared).then().statusCode(403);
        // Step 4: she is no longer a member of bob's group (as far as permissions go).
        List<String> principals = as(alice).get("/v1/").then().extract().path("user.principals");
        assertFalse(principals.contains(shared.substring(3) + "/groups/g"), principals.toString());
        // A principal with nothing left: the same answer.
        as("gdpr-officer").delete("/v1/__user_data__/" + aliceId).then().statusCode(200)
                .body("data.principal", equalTo(aliceId));
    }

    @Test
    void inABatchToo() {
        String body = "{\"requests\": [{\"method\": \"DELETE\", \"path\": \"/__user_data__/" + aliceId + "\"}]}";
        as("gdpr-officer").body(body).post("/v1/batch").then().statusCode(200)
                .body("responses[0].status", equalTo(200))
                .body("responses[0].body.data.principal", equalTo(aliceId));
        List<String> visible = as(bob).get("/v1/buckets").then().statusCode(200).extract().path("data.id");
        assertFalse(visible.contains(owned.substring(owned.lastIndexOf('/') + 1)), visible.toString());
        assertEquals(1, (int) as(bob).get(shared + "/collections/c/records").then().extract().path("data.size()"));
        as(bob).get("/v1/buckets").then().body("data.id", hasItem(shared.substring(shared.lastIndexOf('/') + 1)));
    }
}
