package dev.kintoj.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Groups as principals (api.md §11, permissions.md §6): alice shares through a group, bob gains and loses access. */
@QuarkusTest
class GroupMembershipTest {

    private static final String BOB = "basicauth:c031ced27503f788b102ca54269a062ec73794bb075154c74a0d4311e74ca8b6";

    private String bucket;
    private String record;
    private String group;

    private static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, "secret").contentType("application/json");
    }

    @BeforeEach
    void aliceSharesARecordWithAGroup() {
        bucket = "/v1/buckets/g" + UUID.randomUUID().toString().substring(0, 8);
        group = bucket + "/groups/readers";
        record = bucket + "/collections/c/records/r";
        as("alice").put(bucket).then().statusCode(201);
        as("alice").put(bucket + "/collections/c").then().statusCode(201);
        as("alice").body("{\"data\": {\"x\": 1}, \"permissions\": {\"read\": [\"" + group.substring(3) + "\"]}}")
                .put(record).then().statusCode(201);
    }

    @Test
    void membersGainAndLoseAccessWithTheGroup() {
        as("bob").get(record).then().statusCode(403);
        as("alice").body("{\"data\": {\"members\": [\"" + BOB + "\"]}}").put(group).then().statusCode(201);
        as("bob").get(record).then().statusCode(200);
        as("bob").get(bucket + "/collections/c/records").then().statusCode(200)
                .body("data.id", org.hamcrest.Matchers.contains("r"));
        as("bob").put(record).then().statusCode(403);

        as("alice").body("{\"data\": {\"members\": []}}").patch(group).then().statusCode(200);
        as("bob").get(record).then().statusCode(403);

        as("alice").body("{\"data\": {\"members\": [\"" + BOB + "\"]}}").patch(group).then().statusCode(200);
        as("bob").get(record).then().statusCode(200);
        as("alice").delete(group).then().statusCode(200);
        as("bob").get(record).then().statusCode(403);
    }

    @Test
    void authenticatedMembersMeanEveryUser() {
        as("carl").get(record).then().statusCode(403);
        as("alice").body("{\"data\": {\"members\": [\"system.Authenticated\"]}}").put(group).then().statusCode(201);
        as("carl").get(record).then().statusCode(200);
        given().get(record).then().statusCode(401);
    }

    @Test
    void deletingTheBucketDropsItsGroupsFromTheirMembers() {
        as("alice").body("{\"data\": {\"members\": [\"" + BOB + "\"]}}").put(group).then().statusCode(201);
        as("alice").delete(bucket).then().statusCode(200);
        as("alice").put(bucket).then().statusCode(201);
        as("alice").put(bucket + "/collections/c").then().statusCode(201);
        as("alice").body("{\"permissions\": {\"read\": [\"" + group.substring(3) + "\"]}}").put(record).then().statusCode(201);
        as("bob").get(record).then().statusCode(403);
    }
}
