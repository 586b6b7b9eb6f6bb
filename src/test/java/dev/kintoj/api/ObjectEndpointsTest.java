package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.Fixtures.bucket;
import static dev.kintoj.api.Fixtures.collection;
import static dev.kintoj.api.Fixtures.collectionOf;
import static dev.kintoj.api.Fixtures.etag;
import static dev.kintoj.api.Fixtures.httpDate;
import static dev.kintoj.api.Fixtures.idOf;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.lastModified;
import static dev.kintoj.api.Fixtures.parse;
import static dev.kintoj.api.Fixtures.record;
import static dev.kintoj.api.Fixtures.storedData;
import static dev.kintoj.api.Fixtures.uid;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Object endpoints and envelopes (api.md §3, §4.3, §5, §7, §10, §11) and client-forced timestamps (sync.md §2).
 */
@QuarkusTest
class ObjectEndpointsTest {

    private static final String UUID4 = "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";
    private static final String GENERATED_ID = "^[A-Za-z0-9][A-Za-z0-9_-]{7}$";

    // ------------------------------------------------------------------ envelopes, ETag, Last-Modified

    @Test
    void putCreatesWith201AndTheObjectEnvelope() {
        String path = collection() + "/records/" + uid("r");
        Response response = json("{\"data\": {\"title\": \"x\", \"n\": 1, \"f\": 1.5}}").put(path);

        response.then().statusCode(201)
                .contentType(equalTo("application/json"))
                .body("$", hasKey("permissions"))
                .body("data.id", equalTo(idOf(path)))
                .body("data.title", equalTo("x"))
                .body("data.n", equalTo(1))
                .body("data.f", equalTo(1.5f))
                .body("data", aMapWithSize(5));
        long lastModified = response.jsonPath().getLong("data.last_modified");
        assertTrue(lastModified > 1_600_000_000_000L, "epoch milliseconds: " + lastModified);
    }

    @Test
    void etagIsTheQuotedLastModifiedAndLastModifiedIsItsRfc1123Date() {
        String path = bucket();
        Response response = given().get(path);

        long lastModified = response.then().statusCode(200).extract().jsonPath().getLong("data.last_modified");
        assertEquals(etag(lastModified), response.header("ETag"));
        assertEquals(httpDate(lastModified), response.header("Last-Modified"));
        assertTrue(response.header("Last-Modified").matches("^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$"),
                response.header("Last-Modified"));
    }

    @Test
    void writeResponsesCarryTheEtagOfTheWrittenObject() {
        String path = record("{\"a\": 1}");

        Response put = json("{\"data\": {\"a\": 2}}").put(path);
        assertEquals(etag(put.jsonPath().getLong("data.last_modified")), put.header("ETag"));
        assertEquals(httpDate(put.jsonPath().getLong("data.last_modified")), put.header("Last-Modified"));

        Response patch = json("{\"data\": {\"a\": 3}}").patch(path);
        assertEquals(etag(patch.jsonPath().getLong("data.last_modified")), patch.header("ETag"));

        Response post = json("{\"data\": {\"b\": 1}}").post(collectionOf(path) + "/records");
        post.then().statusCode(201);
        assertEquals(etag(post.jsonPath().getLong("data.last_modified")), post.header("ETag"));
        assertEquals(httpDate(post.jsonPath().getLong("data.last_modified")), post.header("Last-Modified"));
    }

    @Test
    void getReturnsTheStoredObject() {
        String path = record("{\"title\": \"hello\", \"sub\": {\"x\": [1, 2]}}");

        given().get(path).then().statusCode(200)
                .contentType(equalTo("application/json"))
                .body("data.title", equalTo("hello"))
                .body("data.sub.x", contains(1, 2))
                .body("data.id", equalTo(idOf(path)));
    }

    @Test
    void headOnAnObjectGivesTheGetStatusAndHeadersWithoutBody() {
        String path = record("{\"a\": 1}");
        long lastModified = lastModified(path);

        Response head = given().head(path);
        head.then().statusCode(200).header("ETag", etag(lastModified));
        assertEquals("", head.asString());
    }

    // ------------------------------------------------------------------ ids

    @Test
    void postWithoutIdGeneratesAUuid4ForRecords() {
        String records = collection() + "/records";

        json("{\"data\": {\"title\": \"t\"}}").post(records).then().statusCode(201)
                .body("data.id", matchesPattern(UUID4))
                .body("data.title", equalTo("t"));
    }

    @Test
    void postWithoutIdGeneratesAnEightCharacterIdForCollectionsAndGroups() {
        String bucket = bucket();

        json("{\"data\": {}}").post(bucket + "/collections").then().statusCode(201)
                .body("data.id", matchesPattern(GENERATED_ID));
        json("{\"data\": {}}").post(bucket + "/groups").then().statusCode(201)
                .body("data.id", matchesPattern(GENERATED_ID));
    }

    @Test
    void postWithoutBodyCreatesAnEmptyObject() {
        String records = collection() + "/records";

        given().contentType("application/json").post(records).then().statusCode(201)
                .body("data", aMapWithSize(2))
                .body("data.id", matchesPattern(UUID4));
    }

    @Test
    void postWithAnIdCreatesTheObjectWithThatId() {
        String records = collection() + "/records";

        json("{\"data\": {\"id\": \"my-record_1\", \"a\": 1}}").post(records).then().statusCode(201)
                .body("data.id", equalTo("my-record_1"));
        given().get(records + "/my-record_1").then().statusCode(200).body("data.a", equalTo(1));
    }

    @Test
    void postWithAnExistingIdReturns200AndTheUnchangedObject() {
        String path = record("{\"a\": 1}");
        long lastModified = lastModified(path);

        Response response = json("{\"data\": {\"id\": \"" + idOf(path) + "\", \"a\": 2, \"b\": 3}}")
                .post(collectionOf(path) + "/records");

        response.then().statusCode(200)
                .header("ETag", etag(lastModified))
                .body("data.a", equalTo(1))
                .body("data", not(hasKey("b")))
                .body("data.last_modified", equalTo(lastModified));
        assertEquals(lastModified, lastModified(path));
        assertEquals(1, storedData(path).get("a").intValue());
    }

    @Test
    void postOverATombstoneCreatesTheObjectAgain() {
        String path = record("{\"a\": 1}");
        given().delete(path).then().statusCode(200);

        json("{\"data\": {\"id\": \"" + idOf(path) + "\", \"b\": 2}}").post(collectionOf(path) + "/records")
                .then().statusCode(201)
                .body("data.b", equalTo(2))
                .body("data", not(hasKey("a")));
    }

    @Test
    void idsAreCaseSensitive() {
        String records = collection() + "/records";
        given().put(records + "/Abc").then().statusCode(201);

        given().get(records + "/abc").then().statusCode(404);
        given().get(records + "/Abc").then().statusCode(200).body("data.id", equalTo("Abc"));
    }

    @Test
    void putWithTheSameIdInTheBodyIsAccepted() {
        String path = collection() + "/records/" + uid("r");

        json("{\"data\": {\"id\": \"" + idOf(path) + "\", \"a\": 1}}").put(path).then().statusCode(201)
                .body("data.id", equalTo(idOf(path)));
    }

    // ------------------------------------------------------------------ PUT

    @Test
    void putOnAnExistingObjectReplacesAllFieldsWith200() {
        String path = record("{\"a\": 1, \"b\": 2, \"sub\": {\"x\": 1}}");
        long before = lastModified(path);

        Response response = json("{\"data\": {\"only\": true}}").put(path);

        response.then().statusCode(200)
                .body("data.only", equalTo(true))
                .body("data", aMapWithSize(3))
                .body("data.id", equalTo(idOf(path)));
        long after = response.jsonPath().getLong("data.last_modified");
        assertTrue(after > before, after + " > " + before);
        assertEquals(parse(response.asString()).get("data"), storedData(path));
    }

    @Test
    void putWithoutDataKeepsTheFieldsAndBumpsTheTimestamp() {
        String path = record("{\"a\": 1, \"b\": \"two\"}");
        long before = lastModified(path);

        Response response = given().put(path);

        response.then().statusCode(200).body("data.a", equalTo(1)).body("data.b", equalTo("two"));
        assertTrue(response.jsonPath().getLong("data.last_modified") > before);
    }

    @Test
    void putWithPermissionsOnlyKeepsTheFields() {
        String path = record("{\"a\": 1}");

        json("{\"permissions\": {\"read\": [\"alice\"], \"write\": [\"system.Everyone\"]}}").put(path)
                .then().statusCode(200)
                .body("data.a", equalTo(1))
                .body("permissions.read", contains("alice"));
    }

    @Test
    void putOverATombstoneAnswers201() {
        String path = record("{\"a\": 1}");
        given().delete(path).then().statusCode(200);

        json("{\"data\": {\"b\": 1}}").put(path).then().statusCode(201).body("data.b", equalTo(1));
    }

    @Test
    void groupCreatedWithEmptyDataGetsEmptyMembersButNotWithoutData() {
        String bucket = bucket();
        String withData = bucket + "/groups/" + uid("g");
        String withoutData = bucket + "/groups/" + uid("g");

        json("{\"data\": {}}").put(withData).then().statusCode(201).body("data.members", empty());
        given().put(withoutData).then().statusCode(201).body("data", not(hasKey("members")));
    }

    @Test
    void collectionAcceptsAnIntegerCacheExpires() {
        String path = bucket() + "/collections/" + uid("c");

        json("{\"data\": {\"cache_expires\": 3600}}").put(path).then().statusCode(201)
                .body("data.cache_expires", equalTo(3600));
    }

    // ------------------------------------------------------------------ DELETE

    @Test
    void deleteReturnsTheTombstoneAndItsEtag() {
        String path = record("{\"a\": 1}");
        long before = lastModified(path);

        Response response = given().delete(path);

        response.then().statusCode(200)
                .body("$", not(hasKey("permissions")))
                .body("data", aMapWithSize(3))
                .body("data.id", equalTo(idOf(path)))
                .body("data.deleted", equalTo(true));
        long tombstone = response.jsonPath().getLong("data.last_modified");
        assertTrue(tombstone > before, tombstone + " > " + before);
        assertEquals(etag(tombstone), response.header("ETag"));
        assertEquals(httpDate(tombstone), response.header("Last-Modified"));
    }

    @Test
    void deletedObjectIsGoneAndASecondDeleteGives404() {
        String path = record("{\"a\": 1}");
        given().delete(path).then().statusCode(200);

        given().get(path).then().statusCode(404).body("errno", equalTo(110));
        given().delete(path).then().statusCode(404).body("errno", equalTo(110));
    }

    @Test
    void deleteWithAGreaterLastModifiedParameterUsesItForTheTombstone() {
        String path = record("{\"a\": 1}");
        long forced = lastModified(path) + 100_000;

        given().delete(path + "?last_modified=" + forced).then().statusCode(200)
                .header("ETag", etag(forced))
                .body("data.last_modified", equalTo(forced))
                .body("data.deleted", equalTo(true));
    }

    @Test
    void deleteWithALastModifiedParameterNotGreaterIsIgnored() {
        String path = record("{\"a\": 1}");
        long current = lastModified(path);
        long older = current - 100_000;

        long tombstone = given().delete(path + "?last_modified=" + older).then().statusCode(200)
                .extract().jsonPath().getLong("data.last_modified");

        assertTrue(tombstone > current, tombstone + " > " + current);
    }

    @Test
    void deleteWithANonNumericLastModifiedParameterIs400AndDeletesNothing() {
        String path = record("{\"a\": 1}");

        Response response = given().delete(path + "?last_modified=abc");

        response.then().statusCode(400).body("errno", equalTo(107))
                .body("message", equalTo("last_modified in querystring: \"abc\" is not a number"))
                .body("details[0].location", equalTo("querystring"))
                .body("details[0].name", equalTo("last_modified"));
        given().get(path).then().statusCode(200);
    }

    // ------------------------------------------------------------------ 404s (api.md §5.1, §10)

    @Test
    void missingRecordGives404Errno110WithoutMessage() {
        String path = collection() + "/records/nope";

        Response response = given().get(path);

        response.then().statusCode(404).contentType(equalTo("application/json"));
        assertBody(response, "{\"code\":404,\"errno\":110,\"error\":\"Not Found\",\"details\":{\"id\":\"nope\",\"resource_name\":\"record\"}}");
    }

    @Test
    void missingBucketCollectionAndGroupGive404NamingTheResource() {
        String bucket = bucket();

        String missing = uid("missing");
        // Nobody holds a permission on a bucket that does not exist: 401/403, never 404 (api.md §10).
        given().get("/v1/buckets/" + missing).then().statusCode(401).body("errno", equalTo(104));
        given().get(bucket + "/collections/nope").then().statusCode(404)
                .body("errno", equalTo(110))
                .body("details.id", equalTo("nope"))
                .body("details.resource_name", equalTo("collection"));
        given().get(bucket + "/groups/nope").then().statusCode(404)
                .body("errno", equalTo(110))
                .body("details.id", equalTo("nope"))
                .body("details.resource_name", equalTo("group"));
    }

    @Test
    void patchAndDeleteOfAMissingObjectGive404Errno110() {
        String path = collection() + "/records/nope";

        json("{\"data\": {\"a\": 1}}").patch(path).then().statusCode(404)
                .body("errno", equalTo(110)).body("details.resource_name", equalTo("record"));
        given().delete(path).then().statusCode(404)
                .body("errno", equalTo(110)).body("details.id", equalTo("nope"));
    }

    @Test
    void readingRecordsOfAMissingCollectionGives404Errno111() {
        String collection = bucket() + "/collections/" + uid("gone");
        String expected = "{\"code\":404,\"errno\":111,\"error\":\"Not Found\",\"details\":{\"id\":\""
                + idOf(collection) + "\",\"resource_name\":\"collection\"}}";

        assertBody(given().get(collection + "/records/r1").then().statusCode(404).extract().response(), expected);
        assertBody(given().get(collection + "/records").then().statusCode(404).extract().response(), expected);
    }

    @Test
    void writingRecordsOfAMissingCollectionGives404Errno111() {
        String collection = bucket() + "/collections/" + uid("gone");
        String expected = "{\"code\":404,\"errno\":111,\"error\":\"Not Found\",\"details\":{\"id\":\""
                + idOf(collection) + "\",\"resource_name\":\"collection\"}}";

        assertBody(json("{\"data\": {}}").put(collection + "/records/r1").then().statusCode(404).extract().response(), expected);
        assertBody(json("{\"data\": {}}").post(collection + "/records").then().statusCode(404).extract().response(), expected);
        assertBody(json("{\"data\": {}}").patch(collection + "/records/r1").then().statusCode(404).extract().response(), expected);
        assertBody(given().delete(collection + "/records/r1").then().statusCode(404).extract().response(), expected);
    }

    @Test
    void missingCollectionWinsOverAnUnsupportedContentTypeForRecordWrites() {
        String collection = bucket() + "/collections/" + uid("gone");

        given().contentType("text/plain").body("hello").put(collection + "/records/r1").then().statusCode(404)
                .body("errno", equalTo(111))
                .body("details.resource_name", equalTo("collection"));
    }

    // ------------------------------------------------------------------ cascades (api.md §11)

    @Test
    void deletingACollectionRemovesItsRecords() {
        String path = record("{\"a\": 1}");
        String collection = collectionOf(path);

        given().delete(collection).then().statusCode(200).body("data.deleted", equalTo(true));

        given().get(collection + "/records").then().statusCode(404).body("errno", equalTo(111));
        given().get(path).then().statusCode(404).body("errno", equalTo(111));
    }

    @Test
    void recreatedCollectionStartsWithoutRecordsOrTombstones() {
        String path = record("{\"a\": 1}");
        String collection = collectionOf(path);
        String other = collection + "/records/" + uid("r");
        given().put(other).then().statusCode(201);
        given().delete(other).then().statusCode(200);

        given().delete(collection).then().statusCode(200);
        given().put(collection).then().statusCode(201);

        given().get(collection + "/records?_since=0").then().statusCode(200).body("data", empty());
        given().get(path).then().statusCode(404).body("errno", equalTo(110));
    }

    @Test
    void deletingABucketRemovesItsCollectionsGroupsAndRecordsWithoutTombstones() {
        String path = record("{\"a\": 1}");
        String collection = collectionOf(path);
        String bucket = collection.substring(0, collection.indexOf("/collections/"));
        String group = bucket + "/groups/" + uid("g");
        json("{\"data\": {\"members\": [\"alice\"]}}").put(group).then().statusCode(201);

        given().delete(bucket).then().statusCode(200)
                .body("data.id", equalTo(idOf(bucket))).body("data.deleted", equalTo(true));
        given().get(bucket).then().statusCode(401).body("errno", equalTo(104));
        given().put(bucket).then().statusCode(201);

        given().get(bucket + "/collections?_since=0").then().statusCode(200).body("data", empty());
        given().get(bucket + "/groups?_since=0").then().statusCode(200).body("data", empty());
        given().get(collection).then().statusCode(404).body("errno", equalTo(110));
        given().get(group).then().statusCode(404).body("errno", equalTo(110));
        given().put(collection).then().statusCode(201);
        given().get(collection + "/records?_since=0").then().statusCode(200).body("data", empty());
    }

    @Test
    void deletedCollectionLeavesATombstoneInTheCollectionList() {
        String collection = collection();
        String bucket = collection.substring(0, collection.indexOf("/collections/"));
        long tombstone = given().delete(collection).then().statusCode(200).extract().jsonPath().getLong("data.last_modified");

        given().get(bucket + "/collections?_since=0&id=" + idOf(collection)).then().statusCode(200)
                .body("data.id", contains(idOf(collection)))
                .body("data[0].deleted", equalTo(true))
                .body("data[0].last_modified", equalTo(tombstone));
    }

    // ------------------------------------------------------------------ forced timestamps (sync.md §2)

    @Test
    void putCreationHonoursAnyIntegerLastModified() {
        String path = collection() + "/records/" + uid("r");

        json("{\"data\": {\"last_modified\": 1234567890123}}").put(path).then().statusCode(201)
                .header("ETag", etag(1234567890123L))
                .body("data.last_modified", equalTo(1234567890123L));
        assertEquals(1234567890123L, lastModified(path));
    }

    @Test
    void putUpdateHonoursOnlyAGreaterLastModified() {
        String path = record("{\"a\": 1}");
        long current = lastModified(path);

        long ignored = json("{\"data\": {\"a\": 2, \"last_modified\": " + (current - 1000) + "}}").put(path)
                .then().statusCode(200).extract().jsonPath().getLong("data.last_modified");
        assertTrue(ignored > current, ignored + " > " + current);

        long forced = ignored + 50_000;
        json("{\"data\": {\"a\": 3, \"last_modified\": " + forced + "}}").put(path)
                .then().statusCode(200).body("data.last_modified", equalTo(forced));
    }

    @Test
    void sendingBackTheSameLastModifiedStillGivesAFreshTimestamp() {
        String path = record("{\"a\": 1}");
        long current = lastModified(path);

        long next = json("{\"data\": {\"a\": 1, \"last_modified\": " + current + "}}").put(path)
                .then().statusCode(200).extract().jsonPath().getLong("data.last_modified");

        assertTrue(next > current, next + " > " + current);
    }

    @Test
    void nonIntegerLastModifiedIsSilentlyDropped() {
        String path = collection() + "/records/" + uid("r");

        long assigned = json("{\"data\": {\"a\": 1, \"last_modified\": \"soon\"}}").put(path)
                .then().statusCode(201).extract().jsonPath().getLong("data.last_modified");
        long afterFloat = json("{\"data\": {\"a\": 1, \"last_modified\": 9999999999999.5}}").put(path)
                .then().statusCode(200).extract().jsonPath().getLong("data.last_modified");

        assertTrue(assigned > 1_600_000_000_000L && assigned < 9_000_000_000_000L, String.valueOf(assigned));
        assertTrue(afterFloat > assigned && afterFloat < 9_000_000_000_000L, String.valueOf(afterFloat));
    }

    @Test
    void postCreationHonoursAClientLastModified() {
        String records = collection() + "/records";

        json("{\"data\": {\"last_modified\": 1500000000000}}").post(records).then().statusCode(201)
                .header("ETag", etag(1500000000000L))
                .body("data.last_modified", equalTo(1500000000000L));
    }

    @Test
    void patchHonoursOnlyAGreaterLastModified() {
        String path = record("{\"a\": 1}");
        long current = lastModified(path);

        long ignored = json("{\"data\": {\"last_modified\": " + (current - 5) + "}}").patch(path)
                .then().statusCode(200).extract().jsonPath().getLong("data.last_modified");
        assertTrue(ignored > current, ignored + " > " + current);

        long forced = ignored + 70_000;
        json("{\"data\": {\"last_modified\": " + forced + "}}").patch(path)
                .then().statusCode(200).header("ETag", etag(forced)).body("data.last_modified", equalTo(forced));
    }

    @Test
    void serverTimestampsFollowAForcedFutureValue() {
        String records = collection() + "/records";
        long future = 1_900_000_000_000L;
        json("{\"data\": {\"last_modified\": " + future + "}}").post(records).then().statusCode(201);

        long next = json("{\"data\": {}}").post(records).then().statusCode(201)
                .extract().jsonPath().getLong("data.last_modified");

        assertEquals(future + 1, next);
    }

    // ------------------------------------------------------------------ permissions in responses (api.md §3.2)

    @Test
    void anonymousWriterIsAddedAsEveryoneToWrite() {
        // permissions.md §5 owner rule: an anonymous request adds system.Everyone to the object's write list.
        String path = bucket() + "/collections/" + uid("c");

        given().put(path).then().statusCode(201)
                .body("permissions.write", contains("system.Everyone"))
                .body("permissions", aMapWithSize(1));
    }

    @Test
    void ownAclIsShownWhenEveryoneIsAWriter() {
        String path = collection() + "/records/" + uid("r");

        json("{\"data\": {}, \"permissions\": {\"write\": [\"system.Everyone\"], \"read\": [\"a\"]}}").put(path)
                .then().statusCode(201)
                .body("permissions.write", contains("system.Everyone"))
                .body("permissions.read", contains("a"))
                .body("permissions", aMapWithSize(2));
        given().get(path).then().statusCode(200)
                .body("permissions.write", contains("system.Everyone"))
                .body("permissions.read", contains("a"));
    }

    @Test
    void putWithNonEmptyPermissionsReplacesTheWholeAcl() {
        String path = bucket();
        json("{\"permissions\": {\"write\": [\"system.Everyone\"], \"read\": [\"a\", \"b\"], \"group:create\": [\"c\"]}}")
                .put(path).then().statusCode(200)
                .body("permissions.read", containsInAnyOrder("a", "b"))
                .body("permissions.'group:create'", contains("c"));

        json("{\"permissions\": {\"write\": [\"system.Everyone\", \"w\"]}}").put(path).then().statusCode(200)
                .body("permissions.write", containsInAnyOrder("system.Everyone", "w"))
                .body("permissions", not(hasKey("read")))
                .body("permissions", not(hasKey("group:create")));
    }

    @Test
    void putReplacingTheAclKeepsTheAnonymousOwnerInWrite() {
        String path = record("{}");
        json("{\"permissions\": {\"write\": [\"system.Everyone\"], \"read\": [\"a\"]}}").put(path).then().statusCode(200);

        json("{\"permissions\": {\"read\": [\"b\"]}}").put(path).then().statusCode(200)
                .body("permissions.read", contains("b"))
                .body("permissions.write", contains("system.Everyone"));
    }

    @Test
    void putWithoutPermissionsKeepsTheAcl() {
        String path = record("{}");
        json("{\"permissions\": {\"write\": [\"system.Everyone\"], \"read\": [\"a\"]}}").put(path).then().statusCode(200);

        json("{\"data\": {\"x\": 1}}").put(path).then().statusCode(200)
                .body("permissions.read", contains("a"))
                .body("permissions.write", contains("system.Everyone"));
        json("{\"data\": {\"x\": 2}, \"permissions\": {}}").put(path).then().statusCode(200)
                .body("permissions.read", contains("a"));
    }

    @Test
    void bucketCreatedWithPermissionsOnPostShowsThem() {
        String id = uid("b");

        json("{\"data\": {\"id\": \"" + id + "\"}, \"permissions\": {\"write\": [\"system.Everyone\"], \"collection:create\": [\"x\"]}}")
                .post("/v1/buckets").then().statusCode(201)
                .body("data.id", equalTo(id))
                .body("permissions.'collection:create'", contains("x"))
                .body("permissions.write", contains("system.Everyone"));
    }

    @Test
    void objectGetWithFieldsOmitsPermissions() {
        String path = record("{\"a\": 1, \"b\": 2}");

        given().get(path + "?_fields=a").then().statusCode(200)
                .body("$", not(hasKey("permissions")))
                .body("data.a", equalTo(1))
                .body("data", not(hasKey("b")));
    }

    // ------------------------------------------------------------------ content negotiation

    @Test
    void acceptJsonWildcardsAreFine() {
        String path = bucket();

        given().accept("*/*").get(path).then().statusCode(200);
        given().accept("application/*").get(path).then().statusCode(200);
        given().accept("text/html, application/json;q=0.9").get(path).then().statusCode(200);
    }

    @Test
    void mediaTypeParametersAreIgnored() {
        String path = collection() + "/records/" + uid("r");

        given().contentType("application/json; charset=utf-8").body("{\"data\": {\"a\": 1}}").put(path)
                .then().statusCode(201).body("data.a", equalTo(1));
    }

    @Test
    void emptyBodyIsAnEmptyObject() {
        String path = collection() + "/records/" + uid("r");

        given().contentType("application/json").body("").put(path).then().statusCode(201)
                .body("data", aMapWithSize(2))
                .body("data.id", equalTo(idOf(path)));
    }
}
