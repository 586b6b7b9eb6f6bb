package dev.kintoj.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Several users sharing (or not) one bucket: permissions.md §3 (inheritance), §4 (401/403/404 decisions,
 * listing fallback, the examples of §4.2, §4.3), §5 (owner rule and ACL changes), §6 (groups), §7 (the
 * {@code permissions} field), with the error bodies of errors.md §4.1/§4.2.
 */
@QuarkusTest
class MultiUserScenariosTest {

    static final String ALICE = uid("alice");
    static final String BOB = uid("bob");
    static final String CARL = uid("carl");
    static final String DAVE = uid("dave");
    static final String ERIN = uid("erin");

    static final String JSON = "application/json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String JSON_PATCH = "application/json-patch+json";

    private String bid;
    private String bucket;
    private String collection;
    private String records;
    private String r1;
    private String r2;

    /** The basicauth user id of {@code user:secret} (permissions.md §1.1, empty HMAC secret in tests). */
    static String uid(String user) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(new byte[1], "HmacSHA256"));
            byte[] digest = mac.doFinal((user + ":secret").getBytes(StandardCharsets.UTF_8));
            return "basicauth:" + HexFormat.of().formatHex(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Single quotes stand for double quotes: {@code j("{'a': '%s'}", x)}. */
    static String j(String template, Object... args) {
        return String.format(template.replace('\'', '"'), args);
    }

    static RequestSpecification as(String user) {
        return given().auth().preemptive().basic(user, "secret").contentType(JSON);
    }

    static RequestSpecification anonymous() {
        return given().contentType(JSON);
    }

    static ValidatableResponse forbidden(Response response) {
        return response.then().statusCode(403)
                .contentType(JSON)
                .body("code", equalTo(403))
                .body("errno", equalTo(121))
                .body("error", equalTo("Forbidden"))
                .body("message", equalTo("This user cannot access this resource."));
    }

    static ValidatableResponse unauthorized(Response response) {
        return response.then().statusCode(401)
                .contentType(JSON)
                .header("WWW-Authenticate", "Basic realm=\"Realm\"")
                .body("code", equalTo(401))
                .body("errno", equalTo(104))
                .body("error", equalTo("Unauthorized"))
                .body("message", equalTo("Please authenticate yourself to use this endpoint."));
    }

    static ValidatableResponse notFound(Response response, String id, String resourceName) {
        return response.then().statusCode(404)
                .contentType(JSON)
                .body("code", equalTo(404))
                .body("errno", equalTo(110))
                .body("error", equalTo("Not Found"))
                .body("message", nullValue())
                .body("details.id", equalTo(id))
                .body("details.resource_name", equalTo(resourceName));
    }

    @BeforeEach
    void aliceCreatesABucketACollectionAndTwoRecords() {
        bid = "mu" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        bucket = "/v1/buckets/" + bid;
        collection = bucket + "/collections/c";
        records = collection + "/records";
        r1 = records + "/r1";
        r2 = records + "/r2";
        as("alice").put(bucket).then().statusCode(201).body("permissions.write", contains(ALICE));
        as("alice").put(collection).then().statusCode(201).body("permissions.write", contains(ALICE));
        as("alice").body("{\"data\": {\"title\": \"one\"}}").put(r1).then().statusCode(201)
                .body("permissions.write", contains(ALICE));
        as("alice").body("{\"data\": {\"title\": \"two\"}}").put(r2).then().statusCode(201)
                .body("permissions.write", contains(ALICE));
    }

    private void alicePatchesPermissions(String path, String permissionsJson) {
        as("alice").body("{\"permissions\": " + permissionsJson + "}").patch(path).then().statusCode(200);
    }

    @Test
    void userIdsAreTheHmacOfTheCredentials() {
        assertEquals("basicauth:d5b0026601f1b251974e09548d44155e16812e3c64ff7ae053fe3542e2ca1570", ALICE);
        assertEquals("basicauth:c031ced27503f788b102ca54269a062ec73794bb075154c74a0d4311e74ca8b6", BOB);
        as("bob").get("/v1/").then().statusCode(200).body("user.id", equalTo(BOB));
    }

    // ------------------------------------------------------------------ refusals and non-leaking decisions

    @Test
    void bobIsRefusedEveryReadAndWriteOnAlicesObjects() {
        forbidden(as("bob").get(bucket));
        forbidden(as("bob").get(collection));
        forbidden(as("bob").get(r1));
        forbidden(as("bob").get(records));
        forbidden(as("bob").get(bucket + "/collections"));
        forbidden(as("bob").get(bucket + "/groups"));
        as("bob").head(records).then().statusCode(403);
        as("bob").head(r1).then().statusCode(403);

        forbidden(as("bob").body("{\"data\": {\"by\": \"bob\"}}").put(bucket));
        forbidden(as("bob").body("{\"data\": {\"by\": \"bob\"}}").patch(bucket));
        forbidden(as("bob").body("{\"data\": {\"by\": \"bob\"}}").patch(collection));
        forbidden(as("bob").body("{\"data\": {\"by\": \"bob\"}}").put(r1));
        forbidden(as("bob").body("{\"data\": {\"by\": \"bob\"}}").patch(r1));
        forbidden(as("bob").contentType(MERGE_PATCH).body("{\"data\": {\"by\": \"bob\"}}").patch(r1));
        forbidden(as("bob").contentType(JSON_PATCH).body("[{\"op\": \"add\", \"path\": \"/data/by\", \"value\": 1}]")
                .patch(r1));
        forbidden(as("bob").body(j("{'permissions': {'read': ['%s']}}", BOB)).patch(r1));
        forbidden(as("bob").body("{\"data\": {\"by\": \"bob\"}}").post(records));
        forbidden(as("bob").body("{\"data\": {\"by\": \"bob\"}}").put(records + "/bobs"));
        forbidden(as("bob").body("{\"data\": {\"id\": \"r1\"}}").post(records));
        forbidden(as("bob").put(bucket + "/collections/bobs"));
        forbidden(as("bob").body("{\"data\": {\"id\": \"bobs\"}}").post(bucket + "/collections"));
        forbidden(as("bob").put(bucket + "/groups/bobs"));
        forbidden(as("bob").delete(r1));
        forbidden(as("bob").delete(records));
        forbidden(as("bob").delete(collection));
        forbidden(as("bob").delete(bucket + "/collections"));
        forbidden(as("bob").delete(bucket));

        as("alice").get(bucket).then().statusCode(200).body("data.by", nullValue());
        as("alice").get(collection).then().statusCode(200).body("data.by", nullValue());
        as("alice").get(r1).then().statusCode(200).body("data.title", equalTo("one")).body("data.by", nullValue())
                .body("permissions.write", contains(ALICE)).body("permissions.read", nullValue());
        as("alice").get(records).then().statusCode(200).body("data.id", containsInAnyOrder("r1", "r2"));
        as("alice").get(bucket + "/collections").then().statusCode(200).body("data.id", contains("c"));
        as("alice").get(bucket + "/groups").then().statusCode(200).body("data", empty());
    }

    @Test
    void bobCannotTellExistingFromUnknownObjects() {
        String existing = as("bob").get(r1).then().statusCode(403).extract().asString();
        String unknown = as("bob").get(records + "/nope").then().statusCode(403).extract().asString();
        assertEquals(existing, unknown);
        forbidden(as("bob").get(records + "/nope"));
        forbidden(as("bob").body("{\"data\": {\"x\": 1}}").patch(records + "/nope"));
        forbidden(as("bob").delete(records + "/nope"));
        forbidden(as("bob").get(bucket + "/collections/nope"));
        forbidden(as("bob").get(bucket + "/collections/nope/records"));
        forbidden(as("bob").get(bucket + "/collections/nope/records/r1"));
        forbidden(as("bob").get(bucket + "/groups/nope"));
        forbidden(as("bob").delete(bucket + "/groups/nope"));
        forbidden(as("bob").get("/v1/buckets/nope" + bid));
        forbidden(as("bob").delete("/v1/buckets/nope" + bid));
        // id syntax is checked after authorization (permissions.md §4.3, api.md §3.4)
        forbidden(as("bob").get(records + "/a*b"));

        // alice, who may read, gets the real answers
        notFound(as("alice").get(records + "/nope"), "nope", "record");
        notFound(as("alice").delete(records + "/nope"), "nope", "record");
        notFound(as("alice").get(bucket + "/collections/nope"), "nope", "collection");
        as("alice").get(records + "/a*b").then().statusCode(400).body("errno", equalTo(107))
                .body("message", equalTo("path: Invalid object id"));
        as("alice").get(bucket + "/collections/nope/records").then().statusCode(404).body("errno", equalTo(111))
                .body("details.id", equalTo("nope")).body("details.resource_name", equalTo("collection"));
    }

    @Test
    void recordWritesInAMissingCollectionRevealNothingToStrangers() {
        // api.md §10 looks the collection up before authorization; Kinto answers 404 to anyone there, we answer
        // whoever cannot read the bucket as for an existing collection (README, Reliability: no existence leaks).
        forbidden(as("bob").body("{\"data\": {}}").put(bucket + "/collections/nope/records/r1"));
        unauthorized(anonymous().body("{\"data\": {}}").put(bucket + "/collections/nope/records/r1"));
        forbidden(as("bob").body("{\"data\": {}}").post(bucket + "/collections/nope/records"));
        as("alice").body("{\"data\": {}}").put(bucket + "/collections/nope/records/r1").then().statusCode(404)
                .body("errno", equalTo(111)).body("details.id", equalTo("nope"))
                .body("details.resource_name", equalTo("collection"));
    }

    @Test
    void anonymousRequestsAreAskedToAuthenticate() {
        unauthorized(anonymous().get(bucket));
        unauthorized(anonymous().get(collection));
        unauthorized(anonymous().get(r1));
        unauthorized(anonymous().get(records + "/nope"));
        unauthorized(anonymous().get(records));
        unauthorized(anonymous().get(bucket + "/collections/nope"));
        unauthorized(anonymous().get("/v1/buckets/nope" + bid));
        unauthorized(anonymous().body("{\"data\": {\"x\": 1}}").patch(r1));
        unauthorized(anonymous().body("{\"data\": {\"x\": 1}}").patch(records + "/nope"));
        unauthorized(anonymous().delete(r1));
        unauthorized(anonymous().delete(records));
        unauthorized(anonymous().body("{\"data\": {\"x\": 1}}").post(records));
        unauthorized(anonymous().get(records + "/a*b"));
        anonymous().head(r1).then().statusCode(401).header("WWW-Authenticate", "Basic realm=\"Realm\"");
        // an empty user name is anonymous (permissions.md §1.1)
        unauthorized(given().auth().preemptive().basic("", "secret").get(r1));
        as("alice").get(r1).then().statusCode(200).body("data.title", equalTo("one"));
    }

    // ------------------------------------------------------------------ listing fallback

    @Test
    void bobsListOfAlicesRecordsHoldsOnlyWhatIsSharedWithHim() {
        forbidden(as("bob").get(records));
        as("bob").head(records).then().statusCode(403);

        alicePatchesPermissions(r1, j("{'read': ['%s']}", BOB));
        as("bob").get(records).then().statusCode(200).body("data.id", contains("r1"))
                .body("data[0].title", equalTo("one"));
        as("bob").head(records).then().statusCode(200).header("Total-Objects", "1");
        as("bob").get(r1).then().statusCode(200).body("data.title", equalTo("one"));
        forbidden(as("bob").get(r2));
        forbidden(as("carl").get(records));
        forbidden(as("bob").get(collection));
        // deleting the list needs write on some child (or the create permission on the collection)
        forbidden(as("bob").delete(records));

        alicePatchesPermissions(r2, j("{'write': ['%s']}", BOB));
        as("bob").get(records).then().statusCode(200).body("data.id", containsInAnyOrder("r1", "r2"));
        as("bob").head(records).then().statusCode(200).header("Total-Objects", "2");
        as("bob").get(records + "?title=two").then().statusCode(200).body("data.id", contains("r2"));
        as("bob").delete(records).then().statusCode(200).body("data.id", contains("r2"))
                .body("data[0].deleted", equalTo(true));
        as("alice").get(r1).then().statusCode(200);
        notFound(as("alice").get(r2), "r2", "record");
        as("bob").get(records).then().statusCode(200).body("data.id", contains("r1"));
    }

    // ------------------------------------------------------------------ groups

    @Test
    void aliceSharesThroughAGroupAndBobLosesAccessWithIt() {
        String group = bucket + "/groups/readers";
        String groupUri = group.substring(3);
        as("alice").body(j("{'data': {'members': ['%s']}}", BOB)).put(group).then().statusCode(201)
                .body("data.members", contains(BOB));
        alicePatchesPermissions(collection, j("{'read': ['%s']}", groupUri));

        as("bob").get("/v1/").then().body("user.principals", hasItem(groupUri));
        as("carl").get("/v1/").then().body("user.principals", not(hasItem(groupUri)));
        as("bob").get(records).then().statusCode(200).body("data.id", containsInAnyOrder("r1", "r2"));
        as("bob").get(r1).then().statusCode(200).body("data.title", equalTo("one")).body("permissions", aMapWithSize(0));
        as("bob").get(collection).then().statusCode(200).body("permissions", aMapWithSize(0));
        forbidden(as("bob").body("{\"data\": {\"by\": \"bob\"}}").patch(r1));
        forbidden(as("bob").body("{\"data\": {}}").post(records));
        forbidden(as("bob").get(bucket));
        forbidden(as("carl").get(records));

        as("alice").body("{\"data\": {\"members\": []}}").patch(group).then().statusCode(200)
                .body("data.members", empty());
        as("bob").get("/v1/").then().body("user.principals", not(hasItem(groupUri)));
        forbidden(as("bob").get(r1));
        forbidden(as("bob").get(records));

        as("alice").body(j("{'data': {'members': ['%s']}}", BOB)).patch(group).then().statusCode(200);
        as("bob").get(r1).then().statusCode(200);
        as("alice").delete(group).then().statusCode(200).body("data.deleted", equalTo(true));
        as("bob").get("/v1/").then().body("user.principals", not(hasItem(groupUri)));
        forbidden(as("bob").get(r1));
        forbidden(as("bob").get(records));
    }

    // ------------------------------------------------------------------ system principals

    @Test
    void aRecordReadableByEveryoneIsReadableAnonymously() {
        alicePatchesPermissions(r1, "{\"read\": [\"system.Everyone\"]}");
        anonymous().get(r1).then().statusCode(200).body("data.title", equalTo("one"))
                .body("permissions", aMapWithSize(0));
        as("bob").get(r1).then().statusCode(200).body("data.title", equalTo("one"))
                .body("permissions", aMapWithSize(0));
        anonymous().get(records).then().statusCode(200).body("data.id", contains("r1"));
        as("bob").get(records).then().statusCode(200).body("data.id", contains("r1"));
        unauthorized(anonymous().get(r2));
        unauthorized(anonymous().get(collection));
        unauthorized(anonymous().body("{\"data\": {\"x\": 1}}").patch(r1));
        unauthorized(anonymous().delete(r1));
        forbidden(as("bob").body("{\"data\": {\"x\": 1}}").patch(r1));
        forbidden(as("bob").get(r2));
    }

    @Test
    void authenticatedGrantsEveryAuthenticatedUserButNotAnonymous() {
        alicePatchesPermissions(collection, "{\"read\": [\"system.Authenticated\"]}");
        for (String user : new String[] {"bob", "carl", "somebody-new"}) {
            as(user).get(records).then().statusCode(200).body("data.id", containsInAnyOrder("r1", "r2"));
            as(user).get(r1).then().statusCode(200).body("data.title", equalTo("one"));
            as(user).get(collection).then().statusCode(200);
            forbidden(as(user).body("{\"data\": {\"x\": 1}}").patch(r1));
        }
        unauthorized(anonymous().get(records));
        unauthorized(anonymous().get(r1));
        unauthorized(anonymous().get(collection));

        alicePatchesPermissions(r2, "{\"write\": [\"system.Authenticated\"]}");
        // system.Authenticated in the record's own write: bob is a writer and sees the ACL (§7)
        as("bob").body("{\"data\": {\"by\": \"bob\"}}").patch(r2).then().statusCode(200)
                .body("data.by", equalTo("bob"))
                .body("permissions.write", containsInAnyOrder("system.Authenticated", ALICE, BOB));
        unauthorized(anonymous().body("{\"data\": {\"by\": \"anon\"}}").patch(r2));
    }

    // ------------------------------------------------------------------ the permissions field (§7)

    @Test
    void thePermissionsFieldShowsTheOwnAclOnlyToItsWriters() {
        as("alice").get(r1).then().statusCode(200).body("permissions", aMapWithSize(1))
                .body("permissions.write", contains(ALICE));

        alicePatchesPermissions(r1, j("{'read': ['%s'], 'write': ['%s']}", BOB, CARL));
        as("bob").get(r1).then().statusCode(200).body("permissions", aMapWithSize(0));
        as("carl").get(r1).then().statusCode(200).body("permissions", aMapWithSize(2))
                .body("permissions.write", containsInAnyOrder(ALICE, CARL))
                .body("permissions.read", contains(BOB));

        // a bucket writer may read and write the record, but does not see its ACL until listed in it
        alicePatchesPermissions(bucket, j("{'write': ['%s']}", DAVE));
        as("dave").get(bucket).then().statusCode(200).body("permissions.write", containsInAnyOrder(ALICE, DAVE));
        as("dave").get(collection).then().statusCode(200).body("permissions", aMapWithSize(0));
        as("dave").get(r2).then().statusCode(200).body("data.title", equalTo("two"))
                .body("permissions", aMapWithSize(0));
        as("dave").get(r1).then().statusCode(200).body("permissions", aMapWithSize(0));
        // the owner rule makes dave an explicit writer of what he modifies (§5)
        as("dave").body("{\"data\": {\"by\": \"dave\"}}").patch(r2).then().statusCode(200)
                .body("permissions.write", containsInAnyOrder(ALICE, DAVE));
        as("dave").get(r2).then().statusCode(200).body("permissions.write", containsInAnyOrder(ALICE, DAVE));

        // a writer through a group sees the ACL as well
        String group = bucket + "/groups/editors";
        as("alice").body(j("{'data': {'members': ['%s']}}", ERIN)).put(group).then().statusCode(201);
        alicePatchesPermissions(r1, j("{'write': ['%s']}", group.substring(3)));
        as("erin").get(r1).then().statusCode(200)
                .body("permissions.write", containsInAnyOrder(ALICE, group.substring(3)))
                .body("permissions.read", contains(BOB));
        as("bob").get(r1).then().statusCode(200).body("permissions", aMapWithSize(0));

        // list responses carry no permissions at all
        as("alice").get(records).then().statusCode(200).body("permissions", nullValue())
                .body("data[0].permissions", nullValue());
    }

    // ------------------------------------------------------------------ ACL changes (§5)

    @Test
    void putReplacesTheAclOnlyWhenPermissionsAreGiven() {
        alicePatchesPermissions(r1, j("{'write': ['%s']}", CARL));
        as("carl").get(r1).then().statusCode(200).body("permissions.write", containsInAnyOrder(ALICE, CARL));

        as("alice").body(j("{'data': {'title': 'uno'}, 'permissions': {'read': ['%s']}}", BOB)).put(r1).then()
                .statusCode(200)
                .body("permissions", aMapWithSize(2))
                .body("permissions.write", contains(ALICE))
                .body("permissions.read", contains(BOB));
        forbidden(as("carl").get(r1));
        as("bob").get(r1).then().statusCode(200).body("data.title", equalTo("uno"));

        as("alice").body("{\"data\": {\"title\": \"again\"}}").put(r1).then().statusCode(200)
                .body("permissions.write", contains(ALICE)).body("permissions.read", contains(BOB));
        as("alice").body("{\"data\": {\"title\": \"again\"}, \"permissions\": {}}").put(r1).then().statusCode(200)
                .body("permissions.write", contains(ALICE)).body("permissions.read", contains(BOB));
        as("bob").get(r1).then().statusCode(200).body("data.title", equalTo("again"));

        // creation with PUT: given permissions plus the owner
        as("alice").body(j("{'permissions': {'read': ['%s'], 'write': null}}", CARL)).put(records + "/r3").then()
                .statusCode(201)
                .body("permissions.read", contains(CARL))
                .body("permissions.write", contains(ALICE));
        as("carl").get(records + "/r3").then().statusCode(200);
    }

    @Test
    void patchChangesOnlyTheNamedPermissions() {
        alicePatchesPermissions(r1, j("{'read': ['%s']}", BOB));
        as("bob").get(r1).then().statusCode(200);

        // application/json: an array replaces, null leaves unchanged
        as("alice").body(j("{'permissions': {'read': ['%s']}}", CARL)).patch(r1).then().statusCode(200)
                .body("permissions.read", contains(CARL)).body("permissions.write", contains(ALICE));
        forbidden(as("bob").get(r1));
        as("carl").get(r1).then().statusCode(200);
        as("alice").body(j("{'permissions': {'read': null, 'write': ['%s']}}", BOB)).patch(r1).then().statusCode(200)
                .body("permissions.read", contains(CARL))
                .body("permissions.write", containsInAnyOrder(ALICE, BOB));

        // application/merge-patch+json: null empties that permission, others are kept
        as("alice").contentType(MERGE_PATCH).body("{\"permissions\": {\"read\": null}}").patch(r1).then()
                .statusCode(200)
                .body("permissions", aMapWithSize(1))
                .body("permissions.read", nullValue())
                .body("permissions.write", containsInAnyOrder(ALICE, BOB));
        forbidden(as("carl").get(r1));
        as("alice").get(r1).then().body("permissions.read", nullValue());

        // application/json-patch+json on /permissions/read/<principal>
        as("alice").contentType(JSON_PATCH).body(j("[{'op': 'add', 'path': '/permissions/read/%s'}]", CARL))
                .patch(r1).then().statusCode(200)
                .body("permissions.read", contains(CARL))
                .body("permissions.write", containsInAnyOrder(ALICE, BOB));
        as("carl").get(r1).then().statusCode(200).body("data.title", equalTo("one"));
        as("alice").contentType(JSON_PATCH).body(j("[{'op': 'remove', 'path': '/permissions/read/%s'}]", CARL))
                .patch(r1).then().statusCode(200)
                .body("permissions.read", nullValue())
                .body("permissions.write", containsInAnyOrder(ALICE, BOB));
        forbidden(as("carl").get(r1));
        as("alice").contentType(JSON_PATCH)
                .body("[{\"op\": \"add\", \"path\": \"/permissions/read/system.Everyone\"},"
                        + " {\"op\": \"add\", \"path\": \"/data/shared\", \"value\": true}]")
                .patch(r1).then().statusCode(200)
                .body("permissions.read", contains("system.Everyone")).body("data.shared", equalTo(true));
        anonymous().get(r1).then().statusCode(200).body("data.shared", equalTo(true));
        as("alice").contentType(JSON_PATCH)
                .body(j("[{'op': 'add', 'path': '/permissions/read', 'value': ['%s', '%s']}]", CARL, DAVE))
                .patch(r1).then().statusCode(200)
                .body("permissions.read", containsInAnyOrder(CARL, DAVE));
        unauthorized(anonymous().get(r1));
        as("dave").get(r1).then().statusCode(200);
        // a failing operation changes nothing
        as("alice").contentType(JSON_PATCH).body(j("[{'op': 'remove', 'path': '/permissions/read/%s'}]", BOB))
                .patch(r1).then().statusCode(400).body("errno", equalTo(107));
        as("alice").get(r1).then().body("permissions.read", containsInAnyOrder(CARL, DAVE));
    }

    @Test
    void theRequesterAlwaysStaysInWrite() {
        as("alice").body(j("{'permissions': {'write': ['%s']}}", BOB)).put(r1).then().statusCode(200)
                .body("permissions.write", containsInAnyOrder(ALICE, BOB));
        as("alice").body("{\"permissions\": {\"write\": []}}").patch(r1).then().statusCode(200)
                .body("permissions.write", contains(ALICE));
        as("alice").contentType(MERGE_PATCH).body("{\"permissions\": {\"write\": null}}").patch(r1).then()
                .statusCode(200).body("permissions.write", contains(ALICE));
        as("alice").contentType(JSON_PATCH).body(j("[{'op': 'remove', 'path': '/permissions/write/%s'}]", ALICE))
                .patch(r1).then().statusCode(200).body("permissions.write", contains(ALICE));
        as("alice").contentType(JSON_PATCH).body("[{\"op\": \"add\", \"path\": \"/permissions/write\", \"value\": []}]")
                .patch(r1).then().statusCode(200).body("permissions.write", contains(ALICE));
        as("alice").body(j("{'permissions': {'read': ['%s']}}", BOB)).put(r1).then().statusCode(200)
                .body("permissions.write", contains(ALICE));
        as("alice").get(r1).then().body("permissions.write", contains(ALICE));

        // bob, writer of r2, gives write away to carl and still keeps his own
        alicePatchesPermissions(r2, j("{'write': ['%s']}", BOB));
        as("bob").body(j("{'permissions': {'write': ['%s']}}", CARL)).patch(r2).then().statusCode(200)
                .body("permissions.write", containsInAnyOrder(BOB, CARL));
        as("bob").body("{\"data\": {\"by\": \"bob\"}}").patch(r2).then().statusCode(200);
        as("carl").get(r2).then().statusCode(200).body("permissions.write", containsInAnyOrder(BOB, CARL));
        as("alice").get(r2).then().statusCode(200).body("permissions", aMapWithSize(0));

        // an object created anonymously is writable by everyone (test profile: anyone may create buckets)
        String anonBucket = "/v1/buckets/an" + UUID.randomUUID().toString().substring(0, 8);
        anonymous().put(anonBucket).then().statusCode(201).body("permissions.write", contains("system.Everyone"));
        as("bob").body("{\"data\": {\"by\": \"bob\"}}").patch(anonBucket).then().statusCode(200)
                .body("permissions.write", containsInAnyOrder("system.Everyone", BOB));
    }

    @Test
    void unknownPermissionNamesAreRejected() {
        as("alice").body(j("{'permissions': {'record:create': ['%s']}}", BOB)).patch(bucket).then().statusCode(400)
                .body("errno", equalTo(107)).body("error", equalTo("Invalid parameters"))
                .body("message", equalTo("permissions in body: \"record:create\" is not one of read, write, "
                        + "collection:create, group:create"));
        as("alice").body(j("{'permissions': {'collection:create': ['%s']}}", BOB)).patch(collection).then()
                .statusCode(400)
                .body("message", equalTo("permissions in body: \"collection:create\" is not one of read, write, "
                        + "record:create"));
        as("alice").body(j("{'permissions': {'record:create': ['%s']}}", BOB)).put(r1).then().statusCode(400)
                .body("message", equalTo("permissions in body: \"record:create\" is not one of read, write"));
        as("alice").body("{\"permissions\": {\"read\": \"x\"}}").patch(r1).then().statusCode(400)
                .body("message", equalTo("permissions.read in body: \"x\" is not iterable"));
        forbidden(as("bob").get(r1));
        as("alice").get(bucket).then().body("permissions", aMapWithSize(1));
    }

    // ------------------------------------------------------------------ the examples of §4.2

    @Test
    void carlWithReadOnOneRecord() {
        // bucket b1 created by mat, collection c1, record r2 readable by carl
        String b1 = "/v1/buckets/ex" + UUID.randomUUID().toString().substring(0, 8);
        String c1 = b1 + "/collections/c1";
        as("mat").put(b1).then().statusCode(201);
        as("mat").put(c1).then().statusCode(201);
        as("mat").body("{\"data\": {\"n\": 1}}").put(c1 + "/records/r1").then().statusCode(201);
        as("mat").body(j("{'data': {'n': 2}, 'permissions': {'read': ['%s']}}", CARL)).put(c1 + "/records/r2").then()
                .statusCode(201);

        as("carl").get(c1 + "/records").then().statusCode(200)
                .body("data", org.hamcrest.Matchers.hasSize(1))
                .body("data[0].id", equalTo("r2")).body("data[0].n", equalTo(2));
        as("carl").head(c1 + "/records").then().statusCode(200).header("Total-Objects", "1");
        forbidden(as("carl").get(c1));
        forbidden(as("carl").get(b1 + "/collections"));
        forbidden(as("carl").delete(c1 + "/records/unknown"));
        forbidden(as("carl").delete("/v1/buckets/nope" + UUID.randomUUID().toString().substring(0, 8)));
        // and what is not in the table but follows from it
        as("carl").get(c1 + "/records/r2").then().statusCode(200).body("permissions", aMapWithSize(0));
        forbidden(as("carl").get(c1 + "/records/r1"));
        forbidden(as("carl").get(b1));
        forbidden(as("carl").delete(c1 + "/records/r2"));
        forbidden(as("carl").delete(c1 + "/records"));
        as("mat").get(c1 + "/records").then().statusCode(200).body("data.id", containsInAnyOrder("r1", "r2"));
    }
}
