package dev.kintoj.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Stream;

import static dev.kintoj.auth.MultiUserScenariosTest.ALICE;
import static dev.kintoj.auth.MultiUserScenariosTest.BOB;
import static dev.kintoj.auth.MultiUserScenariosTest.forbidden;
import static dev.kintoj.auth.MultiUserScenariosTest.j;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every row of the inheritance table (permissions.md §3) seen through HTTP: alice grants bob one permission on
 * one object of her bucket, and bob tries every operation of the bucket (reads, listings with the fallback of
 * §4.2 step 3, creations, writes, deletions, and the 404-vs-403 decisions of §4.2 step 2 / §4.3).
 *
 * <p>Alice's bucket holds collections {@code c} (records {@code r}, {@code r2}) and {@code c2} (record
 * {@code s}), and groups {@code g} and {@code g2}; everything is created by alice alone. Each probe's result is
 * rendered as a short string: the status, plus the sorted ids for listings and deletions of lists, or the
 * {@code Total-Objects} count for {@code HEAD}.
 */
@QuarkusTest
class InheritedPermissionsHttpTest {

    private String bid;
    private String bucket;

    private static RequestSpecification bob() {
        return given().auth().preemptive().basic("bob", "secret").contentType("application/json");
    }

    private static RequestSpecification alice() {
        return given().auth().preemptive().basic("alice", "secret").contentType("application/json");
    }

    @BeforeEach
    void aliceFillsABucket() {
        bid = "ih" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        bucket = "/v1/buckets/" + bid;
        alice().put(bucket).then().statusCode(201);
        alice().put(bucket + "/collections/c").then().statusCode(201);
        alice().put(bucket + "/collections/c2").then().statusCode(201);
        alice().body("{\"data\": {\"n\": 1}}").put(bucket + "/collections/c/records/r").then().statusCode(201);
        alice().body("{\"data\": {\"n\": 2}}").put(bucket + "/collections/c/records/r2").then().statusCode(201);
        alice().body("{\"data\": {\"n\": 3}}").put(bucket + "/collections/c2/records/s").then().statusCode(201);
        alice().body("{\"data\": {\"members\": []}}").put(bucket + "/groups/g").then().statusCode(201);
        alice().body("{\"data\": {\"members\": []}}").put(bucket + "/groups/g2").then().statusCode(201);
    }

    // ------------------------------------------------------------------ the probes, in execution order

    private static String status(Response response) {
        return String.valueOf(response.statusCode());
    }

    /** Status, plus the sorted ids of {@code data} when the answer is 200. */
    private static String ids(Response response) {
        if (response.statusCode() != 200) {
            return status(response);
        }
        List<String> ids = new ArrayList<>(response.jsonPath().getList("data.id", String.class));
        ids.sort(null);
        return "200 " + ids;
    }

    private static String count(Response response) {
        return response.statusCode() == 200 ? "200 " + response.header("Total-Objects") : status(response);
    }

    /** Probe name to request (bob against alice's bucket path), executed in this order. */
    private static Map<String, Function<String, String>> probes() {
        Map<String, Function<String, String>> p = new LinkedHashMap<>();
        String c = "/collections/c";
        // reads
        p.put("GET bucket", b -> status(bob().get(b)));
        p.put("GET collections", b -> ids(bob().get(b + "/collections")));
        p.put("GET groups", b -> ids(bob().get(b + "/groups")));
        p.put("GET group g", b -> status(bob().get(b + "/groups/g")));
        p.put("GET group g2", b -> status(bob().get(b + "/groups/g2")));
        p.put("GET collection c", b -> status(bob().get(b + c)));
        p.put("GET collection c2", b -> status(bob().get(b + "/collections/c2")));
        p.put("GET records of c", b -> ids(bob().get(b + c + "/records")));
        p.put("HEAD records of c", b -> count(bob().head(b + c + "/records")));
        p.put("GET records of c2", b -> ids(bob().get(b + "/collections/c2/records")));
        p.put("GET record r", b -> status(bob().get(b + c + "/records/r")));
        p.put("GET record r2", b -> status(bob().get(b + c + "/records/r2")));
        p.put("GET unknown record", b -> status(bob().get(b + c + "/records/nope")));
        p.put("GET unknown collection", b -> status(bob().get(b + "/collections/nope")));
        p.put("GET unknown group", b -> status(bob().get(b + "/groups/nope")));
        p.put("POST existing id r", b -> status(bob().body("{\"data\": {\"id\": \"r\"}}").post(b + c + "/records")));
        // writes
        p.put("PATCH record r", b -> status(bob().body("{\"data\": {\"by\": \"bob\"}}").patch(b + c + "/records/r")));
        p.put("PATCH record r2", b -> status(bob().body("{\"data\": {\"by\": \"bob\"}}").patch(b + c + "/records/r2")));
        p.put("PUT new record", b -> status(bob().body("{\"data\": {}}").put(b + c + "/records/bobrec")));
        p.put("PATCH collection c", b -> status(bob().body("{\"data\": {\"by\": \"bob\"}}").patch(b + c)));
        p.put("PUT new collection", b -> status(bob().body("{\"data\": {}}").put(b + "/collections/bobcoll")));
        p.put("PATCH group g", b -> status(bob().body("{\"data\": {\"by\": \"bob\"}}").patch(b + "/groups/g")));
        p.put("PUT new group", b -> status(bob().body("{\"data\": {}}").put(b + "/groups/bobgroup")));
        p.put("PATCH bucket", b -> status(bob().body("{\"data\": {\"by\": \"bob\"}}").patch(b)));
        // listings again, after bob's creations
        p.put("GET records of c again", b -> ids(bob().get(b + c + "/records")));
        p.put("GET collections again", b -> ids(bob().get(b + "/collections")));
        p.put("GET groups again", b -> ids(bob().get(b + "/groups")));
        // deletions
        p.put("DELETE unknown record", b -> status(bob().delete(b + c + "/records/nope")));
        p.put("DELETE unknown collection", b -> status(bob().delete(b + "/collections/nope")));
        p.put("DELETE unknown group", b -> status(bob().delete(b + "/groups/nope")));
        p.put("DELETE record r2", b -> status(bob().delete(b + c + "/records/r2")));
        p.put("DELETE records of c", b -> ids(bob().delete(b + c + "/records")));
        p.put("DELETE collection c2", b -> status(bob().delete(b + "/collections/c2")));
        p.put("DELETE group g2", b -> status(bob().delete(b + "/groups/g2")));
        p.put("DELETE collections", b -> ids(bob().delete(b + "/collections")));
        p.put("DELETE groups", b -> ids(bob().delete(b + "/groups")));
        p.put("DELETE bucket", b -> status(bob().delete(b)));
        return p;
    }

    /**
     * One row per grant: the object (relative to the bucket), the permission, and the expected result of every
     * probe, in the order of {@link #probes()}.
     */
    enum Grant {
        NOTHING("", null,
                "403", "403", "403", "403", "403", "403", "403", "403", "403", "403", "403", "403",
                "403", "403", "403", "403",
                "403", "403", "403", "403", "403", "403", "403", "403",
                "403", "403", "403",
                "403", "403", "403", "403", "403", "403", "403", "403", "403", "403"),
        BUCKET_WRITE("", "write",
                "200", "200 [c, c2]", "200 [g, g2]", "200", "200", "200", "200", "200 [r, r2]", "200 2", "200 [s]",
                "200", "200",
                "404", "404", "404", "200",
                "200", "200", "201", "200", "201", "200", "201", "200",
                "200 [bobrec, r, r2]", "200 [bobcoll, c, c2]", "200 [bobgroup, g, g2]",
                "404", "404", "404", "200", "200 [bobrec, r]", "200", "200", "200 [bobcoll, c]", "200 [bobgroup, g]",
                "200"),
        BUCKET_READ("", "read",
                "200", "200 [c, c2]", "200 [g, g2]", "200", "200", "200", "200", "200 [r, r2]", "200 2", "200 [s]",
                "200", "200",
                "404", "404", "404", "200",
                "403", "403", "403", "403", "403", "403", "403", "403",
                "200 [r, r2]", "200 [c, c2]", "200 [g, g2]",
                "404", "404", "404", "403", "403", "403", "403", "403", "403", "403"),
        BUCKET_COLLECTION_CREATE("", "collection:create",
                "200", "200 []", "403", "403", "403", "403", "403", "403", "403", "403", "403", "403",
                "403", "403", "403", "403",
                "403", "403", "403", "403", "201", "403", "403", "403",
                "403", "200 [bobcoll]", "403",
                "403", "403", "403", "403", "403", "403", "403", "200 [bobcoll]", "403", "403"),
        BUCKET_GROUP_CREATE("", "group:create",
                "200", "403", "200 []", "403", "403", "403", "403", "403", "403", "403", "403", "403",
                "403", "403", "403", "403",
                "403", "403", "403", "403", "403", "403", "201", "403",
                "403", "403", "200 [bobgroup]",
                "403", "403", "403", "403", "403", "403", "403", "403", "200 [bobgroup]", "403"),
        COLLECTION_WRITE("/collections/c", "write",
                "403", "200 [c]", "403", "403", "403", "200", "403", "200 [r, r2]", "200 2", "403", "200", "200",
                "404", "403", "403", "200",
                "200", "200", "201", "200", "403", "403", "403", "403",
                "200 [bobrec, r, r2]", "200 [c]", "403",
                "404", "403", "403", "200", "200 [bobrec, r]", "403", "403", "200 [c]", "403", "403"),
        COLLECTION_READ("/collections/c", "read",
                "403", "200 [c]", "403", "403", "403", "200", "403", "200 [r, r2]", "200 2", "403", "200", "200",
                "404", "403", "403", "200",
                "403", "403", "403", "403", "403", "403", "403", "403",
                "200 [r, r2]", "200 [c]", "403",
                "404", "403", "403", "403", "403", "403", "403", "403", "403", "403"),
        COLLECTION_RECORD_CREATE("/collections/c", "record:create",
                "403", "200 [c]", "403", "403", "403", "200", "403", "200 []", "200 0", "403", "403", "403",
                "403", "403", "403", "403",
                "403", "403", "201", "403", "403", "403", "403", "403",
                "200 [bobrec]", "200 [c]", "403",
                "403", "403", "403", "403", "200 [bobrec]", "403", "403", "403", "403", "403"),
        GROUP_WRITE("/groups/g", "write",
                "403", "403", "200 [g]", "200", "403", "403", "403", "403", "403", "403", "403", "403",
                "403", "403", "403", "403",
                "403", "403", "403", "403", "403", "200", "403", "403",
                "403", "403", "200 [g]",
                "403", "403", "403", "403", "403", "403", "403", "403", "200 [g]", "403"),
        GROUP_READ("/groups/g", "read",
                "403", "403", "200 [g]", "200", "403", "403", "403", "403", "403", "403", "403", "403",
                "403", "403", "403", "403",
                "403", "403", "403", "403", "403", "403", "403", "403",
                "403", "403", "200 [g]",
                "403", "403", "403", "403", "403", "403", "403", "403", "403", "403"),
        RECORD_WRITE("/collections/c/records/r", "write",
                "403", "403", "403", "403", "403", "403", "403", "200 [r]", "200 1", "403", "200", "403",
                "403", "403", "403", "200",
                "200", "403", "403", "403", "403", "403", "403", "403",
                "200 [r]", "403", "403",
                "403", "403", "403", "403", "200 [r]", "403", "403", "403", "403", "403"),
        RECORD_READ("/collections/c/records/r", "read",
                "403", "403", "403", "403", "403", "403", "403", "200 [r]", "200 1", "403", "200", "403",
                "403", "403", "403", "200",
                "403", "403", "403", "403", "403", "403", "403", "403",
                "200 [r]", "403", "403",
                "403", "403", "403", "403", "403", "403", "403", "403", "403", "403");

        final String object;
        final String permission;
        final List<String> expected;

        Grant(String object, String permission, String... expected) {
            this.object = object;
            this.permission = permission;
            this.expected = Arrays.asList(expected);
        }
    }

    static Stream<Arguments> grants() {
        return Stream.of(Grant.values()).flatMap(g -> Stream.of(Arguments.of(g, false), Arguments.of(g, true)));
    }

    @Test
    void everyGrantHasOneExpectationPerProbe() {
        for (Grant grant : Grant.values()) {
            assertEquals(probes().size(), grant.expected.size(), grant.name());
        }
    }

    /**
     * @param viaGroup grant the permission to a group of another bucket whose only member is bob, instead of
     *                 to bob's user id (groups are principals, permissions.md §6)
     */
    @ParameterizedTest(name = "{0} via group: {1}")
    @MethodSource("grants")
    void bobCanDoExactlyWhatTheGrantImplies(Grant grant, boolean viaGroup) {
        String principal = BOB;
        if (viaGroup) {
            String otherBucket = "/v1/buckets/" + bid + "-grantees";
            alice().put(otherBucket).then().statusCode(201);
            alice().body(j("{'data': {'members': ['%s']}}", BOB)).put(otherBucket + "/groups/friends").then()
                    .statusCode(201);
            principal = otherBucket.substring(3) + "/groups/friends";
        }
        if (grant.permission != null) {
            alice().body(j("{'permissions': {'%s': ['%s']}}", grant.permission, principal))
                    .patch(bucket + grant.object).then().statusCode(200)
                    .body("permissions.'" + grant.permission + "'", hasItem(principal));
        }

        List<Executable> checks = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Function<String, String>> probe : probes().entrySet()) {
            String expected = grant.expected.get(i++);
            String actual = probe.getValue().apply(bucket);
            String name = probe.getKey();
            checks.add(() -> assertEquals(expected, actual, grant + " -> " + name));
        }
        assertAll(grant + (viaGroup ? " via group" : ""), checks);
    }

    // ------------------------------------------------------------------ a few rows in more detail

    @Test
    void recordCreateAloneOnACollection() {
        String c = bucket + "/collections/c";
        alice().body(j("{'permissions': {'record:create': ['%s']}}", BOB)).patch(c).then().statusCode(200);

        // the collection object is readable (without its ACL), its records list is empty, deleting it is a no-op
        bob().get(c).then().statusCode(200).body("data.id", equalTo("c")).body("permissions", aMapWithSize(0));
        bob().get(c + "/records").then().statusCode(200).body("data", empty());
        bob().head(c + "/records").then().statusCode(200).header("Total-Objects", "0");
        bob().delete(c + "/records").then().statusCode(200).body("data", empty());
        alice().get(c + "/records").then().statusCode(200).body("data.id", containsInAnyOrder("r", "r2"));

        // bob creates: he becomes the writer of his record, which then is the only one he lists
        String created = bob().body("{\"data\": {\"mine\": true}}").post(c + "/records").then().statusCode(201)
                .body("permissions.write", contains(BOB)).extract().path("data.id");
        bob().get(c + "/records").then().statusCode(200).body("data.id", contains(created));
        bob().get(c + "/records/" + created).then().statusCode(200).body("data.mine", equalTo(true));
        forbidden(bob().get(c + "/records/r"));
        forbidden(bob().body("{\"data\": {\"x\": 1}}").patch(c + "/records/r"));
        forbidden(bob().delete(c + "/records/nope"));
        forbidden(bob().body("{\"data\": {\"id\": \"r\"}}").post(c + "/records"));
        forbidden(bob().body("{\"data\": {\"x\": 1}}").put(c + "/records/r"));
        forbidden(bob().body("{\"data\": {\"x\": 1}}").patch(c));
        forbidden(bob().get(bucket));
        // If-None-Match: * on an existing record needs only the create permission: 412, not 403 (§4.1)
        bob().header("If-None-Match", "*").body("{\"data\": {}}").put(c + "/records/r").then().statusCode(412)
                .body("errno", equalTo(114));
        bob().delete(c + "/records").then().statusCode(200).body("data.id", contains(created));
        alice().get(c + "/records").then().statusCode(200).body("data.id", containsInAnyOrder("r", "r2"));
    }

    @Test
    void collectionCreateOnABucketGivesFullControlOfWhatBobCreates() {
        alice().body(j("{'permissions': {'collection:create': ['%s']}}", BOB)).patch(bucket).then().statusCode(200);
        bob().get(bucket).then().statusCode(200).body("data.id", equalTo(bid)).body("permissions", aMapWithSize(0));
        bob().body("{\"data\": {\"id\": \"mine\"}}").post(bucket + "/collections").then().statusCode(201)
                .body("permissions.write", contains(BOB));
        bob().body("{\"data\": {\"n\": 1}}").put(bucket + "/collections/mine/records/x").then().statusCode(201);
        bob().get(bucket + "/collections/mine/records").then().statusCode(200).body("data.id", contains("x"));
        bob().get(bucket + "/collections").then().statusCode(200).body("data.id", contains("mine"));
        forbidden(bob().get(bucket + "/collections/c"));
        forbidden(bob().get(bucket + "/collections/c/records"));
        // alice, writer of the bucket, keeps every right on bob's collection but does not see its ACL
        alice().get(bucket + "/collections/mine").then().statusCode(200).body("permissions", aMapWithSize(0));
        alice().get(bucket + "/collections/mine/records/x").then().statusCode(200);
    }

    @Test
    void aChildAclCannotRestrictWhatTheParentGrants() {
        alice().body(j("{'permissions': {'read': ['%s']}}", BOB)).patch(bucket).then().statusCode(200);
        // r's own ACL names only alice (replaced with a PUT): bob still reads it through the bucket
        alice().body(j("{'data': {'n': 1}, 'permissions': {'write': ['%s'], 'read': []}}", ALICE))
                .put(bucket + "/collections/c/records/r").then().statusCode(200);
        bob().get(bucket + "/collections/c/records/r").then().statusCode(200).body("data.n", equalTo(1));
        forbidden(bob().body("{\"data\": {\"n\": 2}}").patch(bucket + "/collections/c/records/r"));
    }

    @Test
    void recordPermissionsOfOneCollectionDoNotReachTheSameIdElsewhere() {
        // only one path level below the list is considered; a record r in c2 is another object
        alice().body("{\"data\": {\"n\": 4}}").put(bucket + "/collections/c2/records/r").then().statusCode(201);
        alice().body(j("{'permissions': {'read': ['%s']}}", BOB)).patch(bucket + "/collections/c/records/r")
                .then().statusCode(200);
        bob().get(bucket + "/collections/c/records/r").then().statusCode(200).body("data.n", equalTo(1));
        forbidden(bob().get(bucket + "/collections/c2/records/r"));
        forbidden(bob().get(bucket + "/collections/c2/records"));
    }
}
