package dev.kintoj.api;

import dev.kintoj.postgresql.Database;
import dev.kintoj.postgresql.Databases;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * On PostgreSQL a read request costs one round trip once the requester is known: its groups, the ACLs of the target
 * and its ancestors, the parent and the object (or the list's timestamp and page, or its count) go out together
 * (README, On PostgreSQL). Counted by the database wrapper; on the in-memory backends there is nothing to count.
 */
@QuarkusTest
class ReadRoundTripsTest {

    @Inject
    Databases databases;

    private String bucket;

    @BeforeEach
    void data() {
        assumeFalse(databases.all().isEmpty(), "round trips are counted on PostgreSQL");
        bucket = "/v1/buckets/" + Fixtures.uid("rt");
        alice().body("{\"permissions\": {\"read\": [\"system.Everyone\"]}}").put(bucket).then().statusCode(201);
        alice().body("{}").put(bucket + "/collections/c").then().statusCode(201);
        alice().body("{\"data\": {\"n\": 1}}").put(bucket + "/collections/c/records/r").then().statusCode(201);
    }

    private static RequestSpecification alice() {
        return given().auth().preemptive().basic("alice", "secret").contentType("application/json");
    }

    @Test
    void anAuthenticatedReadCostsNoRoundTripBeyondTheAuthentication() {
        // Identifying the user (the accounts policy looks the name up) and reading its groups, alone.
        long authentication = roundTrips(() -> alice().get("/v1/").then().statusCode(200));
        String record = bucket + "/collections/c/records/r";
        String records = bucket + "/collections/c/records";
        assertEquals(authentication, roundTrips(() -> alice().get(record).then().statusCode(200)
                .body("permissions.write", hasItem(org.hamcrest.Matchers.startsWith("basicauth:")))), "GET record");
        assertEquals(authentication, roundTrips(() -> alice().head(record).then().statusCode(200)), "HEAD record");
        assertEquals(authentication, roundTrips(() -> alice().get(records).then().statusCode(200)
                .body("data.id", hasItem("r"))), "GET list");
        assertEquals(authentication, roundTrips(() -> alice().head(records).then().statusCode(200)
                .header("Total-Objects", "1")), "HEAD list");
    }

    @Test
    void anAnonymousReadIsOneRoundTrip() {
        assertEquals(1, roundTrips(() -> given().get(bucket + "/collections/c/records/r").then().statusCode(200)));
        assertEquals(1, roundTrips(() -> given().get(bucket + "/collections/c/records").then().statusCode(200)));
        // Refused: the same single exchange, then the 401 as before.
        assertEquals(1, roundTrips(() -> given().get("/v1/buckets/" + Fixtures.uid("none") + "/collections/c/records/r")
                .then().statusCode(401)));
    }

    /** The round trips the request cost (run twice: the second, on a warm service, counts). */
    private long roundTrips(Supplier<Object> request) {
        request.get();
        long before = total();
        request.get();
        return total() - before;
    }

    private long total() {
        return databases.all().stream().mapToLong(Database::roundTrips).sum();
    }
}
