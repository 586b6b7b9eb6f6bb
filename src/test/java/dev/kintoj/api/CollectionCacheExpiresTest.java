package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import static dev.kintoj.api.Fixtures.bucket;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.uid;
import static dev.kintoj.api.HttpAssertions.assertExpiresAfter;
import static dev.kintoj.api.HttpAssertions.timed;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/**
 * A collection's {@code cache_expires} field (api.md §3, §9) without any {@code *record_cache_expires_seconds}
 * setting: it alone decides the cache headers of anonymous record reads, never those of 304 answers.
 */
@QuarkusTest
class CollectionCacheExpiresTest {

    private static final String NO_CACHE_ZERO = "max-age=0, must-revalidate, no-cache, no-store";

    /** A fresh collection with the given {@code data}; returns its path. */
    private static String collection(String data) {
        String path = bucket() + "/collections/" + uid("c");
        json("{\"data\": " + data + "}").put(path).then().statusCode(201);
        return path;
    }

    private static String record(String collection) {
        String path = collection + "/records/" + uid("r");
        json("{\"data\": {\"n\": 1}}").put(path).then().statusCode(201);
        return path;
    }

    @Test
    void anonymousRecordListAndRecordUseTheCollectionValue() {
        String collection = collection("{\"cache_expires\": 30}");
        String record = record(collection);
        for (String path : new String[] {collection + "/records", record}) {
            HttpAssertions.Timed read = timed(() -> given().get(path));
            read.response().then().statusCode(200).header("Cache-Control", "max-age=30").header("Pragma", nullValue());
            assertExpiresAfter(read, 30);
        }
        given().head(collection + "/records").then().statusCode(200).header("Cache-Control", "max-age=30");
    }

    @Test
    void zeroGivesTheMustRevalidateHeaders() {
        String collection = collection("{\"cache_expires\": 0}");
        String record = record(collection);
        for (String path : new String[] {collection + "/records", record}) {
            HttpAssertions.Timed read = timed(() -> given().get(path));
            read.response().then().statusCode(200)
                    .header("Cache-Control", NO_CACHE_ZERO)
                    .header("Pragma", "no-cache");
            assertExpiresAfter(read, 0);
        }
    }

    @Test
    void aValueBeyondTheIntRangeIsCappedRatherThanAnError() {
        String collection = collection("{\"cache_expires\": 100000000000000000000}");
        given().get(collection + "/records").then().statusCode(200).header("Cache-Control", "max-age=2147483647")
                .header("Expires", notNullValue());
        String negative = collection("{\"cache_expires\": -100000000000000000000}");
        given().get(negative + "/records").then().statusCode(200).header("Cache-Control", NO_CACHE_ZERO);
    }

    @Test
    void authenticatedReadsAreNeverCached() {
        String collection = collection("{\"cache_expires\": 30}");
        String record = record(collection);
        for (String path : new String[] {collection + "/records", record}) {
            given().auth().preemptive().basic("mat", "secret").get(path).then().statusCode(200)
                    .header("Cache-Control", "no-cache, no-store")
                    .header("Expires", nullValue())
                    .header("Pragma", nullValue());
        }
    }

    @Test
    void withoutTheFieldAnonymousReadsAreNotCached() {
        String collection = collection("{}");
        String record = record(collection);
        given().get(collection + "/records").then().statusCode(200).header("Cache-Control", "no-cache, no-store");
        given().get(record).then().statusCode(200).header("Cache-Control", "no-cache, no-store")
                .header("Expires", nullValue());
    }

    @Test
    void theCollectionItselfIsNotCachedByItsOwnField() {
        String collection = collection("{\"cache_expires\": 30}");
        given().get(collection).then().statusCode(200).header("Cache-Control", "no-cache, no-store");
        String bucket = collection.substring(0, collection.indexOf("/collections/"));
        given().get(bucket + "/collections").then().statusCode(200).header("Cache-Control", "no-cache, no-store");
    }

    @Test
    void notModifiedAnswersCarryTimestampsButNoCacheHeaders() {
        String collection = collection("{\"cache_expires\": 30}");
        String record = record(collection);
        for (String path : new String[] {collection + "/records", record}) {
            String etag = given().get(path).then().statusCode(200).header("Cache-Control", "max-age=30")
                    .extract().header("ETag");
            for (String method : new String[] {"GET", "HEAD"}) {
                Response notModified = given().header("If-None-Match", etag).request(method, path);
                notModified.then().statusCode(304)
                        .header("ETag", etag)
                        .header("Last-Modified", notNullValue())
                        .header("Cache-Control", nullValue())
                        .header("Expires", nullValue())
                        .header("Pragma", nullValue())
                        .body(emptyString());
            }
        }
    }
}
