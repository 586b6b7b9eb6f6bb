package dev.kintoj.walk;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walk a new user takes (api.md §16, sync.md §7): bucket, collection, records, filtered, sorted and paginated
 * listing, PATCH, DELETE and an incremental sync. It also runs against the native binary (WalkthroughIT).
 */
@QuarkusTest
public class WalkthroughTest {

    private static final String ETAG = "^\"\\d+\"$";

    /** The service's default policy is basicauth: any user:password identifies a user who may create buckets. */
    private static io.restassured.specification.RequestSpecification walker() {
        return given().auth().preemptive().basic("walker", "secret");
    }

    @Test
    void createListPatchDeleteAndSync() {
        String bucket = "walk" + UUID.randomUUID().toString().substring(0, 8);
        String collection = "/v1/buckets/" + bucket + "/collections/tasks";
        String records = collection + "/records";

        walker().when().get("/v1/").then().statusCode(200)
                .body("http_api_version", equalTo("1.23"))
                .body("user.id", matchesPattern("^basicauth:[0-9a-f]{64}$"))
                .body("settings.batch_max_requests", equalTo(25));

        walker().put("/v1/buckets/" + bucket).then().statusCode(201)
                .header("ETag", matchesPattern(ETAG))
                .header("Last-Modified", matchesPattern("^\\w{3}, \\d{2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT$"))
                .body("data.id", equalTo(bucket));
        walker().contentType("application/json").body("{\"data\": {\"id\": \"tasks\"}}")
                .post("/v1/buckets/" + bucket + "/collections").then().statusCode(201)
                .body("data.id", equalTo("tasks"));

        for (int i = 0; i < 5; i++) {
            walker().contentType("application/json")
                    .body("{\"data\": {\"title\": \"task " + i + "\", \"done\": " + (i % 2 == 0) + ", \"n\": " + i + "}}")
                    .post(records).then().statusCode(201)
                    .body("data.id", matchesPattern("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"));
        }
        String etagBefore = walker().head(records).then().statusCode(200)
                .header("Total-Objects", "5").header("Total-Records", "5")
                .extract().header("ETag");

        walker().get(records + "?done=true&_sort=-n").then().statusCode(200)
                .body("data.n", contains(4, 2, 0));

        Response firstPage = walker().get(records + "?_sort=n&_limit=2");
        firstPage.then().statusCode(200).body("data.n", contains(0, 1))
                .header("Next-Page", matchesPattern("^http://[^/]+/v1/buckets/" + bucket + "/collections/tasks/records\\?_sort=n&_limit=2&_token=.+"));
        String secondPageUrl = firstPage.header("Next-Page");
        Response secondPage = walker().urlEncodingEnabled(false).get(secondPageUrl);
        secondPage.then().statusCode(200).body("data.n", contains(2, 3));
        walker().urlEncodingEnabled(false).get(secondPage.header("Next-Page")).then().statusCode(200)
                .body("data.n", contains(4)).header("Next-Page", nullValue());

        String id = walker().get(records + "?n=1").then().extract().path("data[0].id");
        walker().contentType("application/json").body("{\"data\": {\"done\": true}}")
                .patch(records + "/" + id).then().statusCode(200)
                .body("data.done", equalTo(true)).body("data.title", equalTo("task 1"));
        walker().delete(records + "/" + id).then().statusCode(200)
                .body("data.id", equalTo(id)).body("data.deleted", equalTo(true));
        walker().get(records + "/" + id).then().statusCode(404)
                .body("errno", equalTo(110)).body("details.resource_name", equalTo("record"));

        String since = etagBefore.replace("\"", "");
        Response changes = walker().get(records + "?_since=" + since + "&_sort=last_modified");
        changes.then().statusCode(200).body("data", hasSize(1))
                .body("data[0].id", equalTo(id)).body("data[0].deleted", equalTo(true));
        List<Long> stamps = changes.path("data.last_modified");
        assertTrue(stamps.get(0) > Long.parseLong(since));

        walker().header("If-None-Match", changes.header("ETag")).get(records).then().statusCode(304);
        walker().header("If-Match", etagBefore).contentType("application/json").body("{\"data\": {}}")
                .delete(records).then().statusCode(412).body("errno", equalTo(114));

        walker().delete("/v1/buckets/" + bucket).then().statusCode(200).body("data.deleted", equalTo(true));
        // The bucket is gone and with it every permission on what it held (api.md §10).
        walker().get(records).then().statusCode(403).body("errno", equalTo(121));
        walker().put("/v1/buckets/" + bucket).then().statusCode(201);
        walker().get("/v1/buckets/" + bucket + "/collections?_since=0").then().statusCode(200).body("data", empty());
    }

    private static String records401() {
        return "/v1/buckets/private" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void utilityEndpointsAnswer() {
        walker().get("/v1/__heartbeat__").then().statusCode(200).body("storage", equalTo(true));
        walker().get("/v1/__lbheartbeat__").then().statusCode(200).body("isEmpty()", equalTo(true));
        walker().get("/v1/contribute.json").then().statusCode(200).body("name", notNullValue());
        given().get(records401()).then().statusCode(401).header("WWW-Authenticate", "Basic realm=\"Realm\"")
                .body("errno", equalTo(104));
        walker().get("/v1/nowhere").then().statusCode(404).body("errno", equalTo(111));
        String location = walker().redirects().follow(false).get("/buckets?x=1").then().statusCode(307)
                .extract().header("Location");
        assertEquals("/v1/buckets?x=1", location.replaceFirst("^http://[^/]+", ""));
    }
}
