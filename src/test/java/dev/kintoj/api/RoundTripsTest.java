package dev.kintoj.api;

import dev.kintoj.postgresql.Database;
import dev.kintoj.postgresql.Databases;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.function.Supplier;
import java.util.function.ToLongFunction;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The round trips a request costs on PostgreSQL, counted by the database wrapper ({@link Database#roundTrips()}: a
 * statement sent while another of the request awaits its answer shares its round trip; the end of a transaction is
 * one). On the in-memory backends there is nothing to count.
 *
 * <p>Reads: one round trip once the requester is known: its groups, the ACLs of the target and its ancestors, the
 * parent and the object (or the list's timestamp and page, or its count) go out together (README, On PostgreSQL).
 *
 * <p>Writes: what decides whether the write is allowed is read ahead as a read's reads are; then the round trips
 * inside the transaction ({@link Database#transactionRoundTrips()}), during which the
 * list's lock is held and the list's other writers wait: BEGIN and the lock go out with the first statement that
 * needs them, NOTIFY with the COMMIT. POST: the ACL and the row together, then COMMIT. PUT of an existing object and
 * PATCH: the object and its ACL read together, then the object and its ACL written together, then COMMIT. DELETE:
 * the object read, then the tombstone and the removal of its ACL together, then COMMIT.
 */
@QuarkusTest
class RoundTripsTest {

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
    void anObjectIsReadInTwoStatementsBeyondTheUsersLookup() {
        // Identifying the user, then reading its groups (one statement).
        long authentication = statements(() -> alice().get("/v1/").then().statusCode(200));
        // The groups with the ACLs of the record and its ancestors, then the collection with the record.
        assertEquals(authentication + 1, statements(() -> alice().get(bucket + "/collections/c/records/r")
                .then().statusCode(200).body("data.n", equalTo(1))), "GET record");
        assertEquals(authentication + 1, statements(() -> alice().get(bucket + "/collections/c")
                .then().statusCode(200)), "GET collection");
        assertEquals(authentication + 1, statements(() -> alice().head(bucket + "/collections/c/records/r")
                .then().statusCode(200)), "HEAD record");
        // The parent read with the object, a missing parent is still told apart from a missing object.
        alice().get(bucket + "/collections/c/records/missing").then().statusCode(404)
                .body("details.resource_name", equalTo("record"));
        alice().get(bucket + "/collections/missing/records/r").then().statusCode(404)
                .body("details.resource_name", equalTo("collection"));
    }

    @Test
    void anAnonymousReadIsOneRoundTrip() {
        assertEquals(1, roundTrips(() -> given().get(bucket + "/collections/c/records/r").then().statusCode(200)));
        assertEquals(1, roundTrips(() -> given().get(bucket + "/collections/c/records").then().statusCode(200)));
        // Refused: the same single exchange, then the 401 as before.
        assertEquals(1, roundTrips(() -> given().get("/v1/buckets/" + Fixtures.uid("none") + "/collections/c/records/r")
                .then().statusCode(401)));
    }

    @Test
    void writesCostTheirRoundTripsInsideTheTransaction() {
        String records = bucket + "/collections/c/records";
        // Each write once before it is counted, so that the service is warm (prepared statements, memos).
        alice().body("{\"data\": {\"n\": 0}}").post(records).then().statusCode(201);
        alice().body("{\"data\": {\"n\": 1}}").put(records + "/r").then().statusCode(200);
        alice().body("{\"data\": {\"n\": 2}}").patch(records + "/r").then().statusCode(200);
        alice().body("{\"data\": {}}").put(records + "/gone").then().statusCode(201);
        alice().delete(records + "/gone").then().statusCode(200);

        Cost post = cost(() -> alice().body("{\"data\": {\"n\": 3}}").post(records).then().statusCode(201));
        Cost put = cost(() -> alice().body("{\"data\": {\"n\": 4}}").put(records + "/r").then().statusCode(200));
        Cost patch = cost(() -> alice().body("{\"data\": {\"n\": 5}}").patch(records + "/r").then().statusCode(200));
        alice().body("{\"data\": {}}").put(records + "/d").then().statusCode(201);
        Cost delete = cost(() -> alice().delete(records + "/d").then().statusCode(200).body("data.deleted", equalTo(true)));

        assertEquals(2, post.inside(), "POST inside the transaction");
        assertEquals(3, put.inside(), "PUT of an existing record inside the transaction");
        assertEquals(3, patch.inside(), "PATCH inside the transaction");
        assertEquals(3, delete.inside(), "DELETE inside the transaction");
        // All of them: the user's identification (two round trips, as for GET /v1/), then, read ahead together in
        // one round trip as a GET's are, the caller's groups and what decides whether the write is allowed (the
        // parent, the ACLs of the target and its ancestors; the object for PUT, PATCH and DELETE), then the
        // transaction. Before the writes read ahead: 6, 8, 8 and 8.
        assertEquals(5, post.all(), "POST");
        assertEquals(6, put.all(), "PUT of an existing record");
        assertEquals(6, patch.all(), "PATCH");
        assertEquals(6, delete.all(), "DELETE");
    }

    /** The round trips of one request: all of them, and those inside its transaction. */
    private record Cost(long all, long inside) {
    }

    /** The round trips the request cost (run twice: the second, on a warm service, counts). */
    private long roundTrips(Supplier<Object> request) {
        request.get();
        return cost(request).all();
    }

    /** The statements the request sent (run twice: the second, on a warm service, counts). */
    private long statements(Supplier<Object> request) {
        request.get();
        long before = total(Database::statements);
        request.get();
        return total(Database::statements) - before;
    }

    private Cost cost(Supplier<Object> request) {
        long all = total(Database::roundTrips);
        long inside = total(Database::transactionRoundTrips);
        request.get();
        return new Cost(total(Database::roundTrips) - all, total(Database::transactionRoundTrips) - inside);
    }

    private long total(ToLongFunction<Database> counter) {
        return databases.all().stream().mapToLong(counter).sum();
    }
}
