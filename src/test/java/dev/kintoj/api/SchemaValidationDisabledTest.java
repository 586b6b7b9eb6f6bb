package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.Fixtures.bucket;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.uid;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/**
 * JSON-Schema validation off (the default): schemas are still checked when stored (api.md §3.5), records are not
 * validated and get no schema version, and the root does not advertise the capability.
 */
@QuarkusTest
class SchemaValidationDisabledTest {

    @Test
    void storedSchemasAreCheckedEvenWhenValidationIsOff() {
        String path = bucket() + "/collections/" + uid("c");
        assertBody(json("{\"data\": {\"schema\": {\"type\": \"Washmachine\"}}}").put(path), """
                {"code":400,"errno":107,"error":"Invalid parameters",
                 "message":"data.schema in body: type'Washmachine' is not valid under any of the given schemas",
                 "details":[{"location":"body","name":"data.schema",
                             "description":"type'Washmachine' is not valid under any of the given schemas"}]}""");
        json("{\"data\": {\"schema\": {\"type\": \"object\"}}}").put(path).then().statusCode(201);
        json("{\"data\": {\"schema\": {\"properties\": []}}}").patch(path).then().statusCode(400)
                .body("errno", equalTo(107)).body("details[0].name", equalTo("schema"))
                .body("details[0].description", equalTo("properties[] is not of type 'object'"));
        // Formats of the meta-schema are checked too: a pattern must be a regular expression.
        json("{\"data\": {\"schema\": {\"properties\": {\"a\": {\"pattern\": \"[\"}}}}}").patch(path)
                .then().statusCode(400).body("details[0].name", equalTo("schema"))
                .body("details[0].description", equalTo("pattern'[' is not a 'regex'"));
        given().get(path).then().statusCode(200).body("data.schema.type", equalTo("object"));
    }

    @Test
    void bucketSchemasAreCheckedToo() {
        for (String field : new String[] {"record:schema", "collection:schema", "group:schema"}) {
            String bucket = "/v1/buckets/" + uid("b");
            json("{\"data\": {\"" + field + "\": {\"required\": [1]}}}").put(bucket).then().statusCode(400)
                    .body("errno", equalTo(107)).body("details[0].name", equalTo("data." + field))
                    .body("details[0].description", equalTo("01 is not of type 'string'"));
            // Not created: anonymous readers are asked to authenticate.
            given().get(bucket).then().statusCode(401);
            json("{\"data\": {\"" + field + "\": {\"required\": [\"a\"]}}}").put(bucket).then().statusCode(201);
            json("{\"data\": {\"" + field + "\": {\"type\": 3}}}").patch(bucket).then().statusCode(400)
                    .body("details[0].name", equalTo(field));
        }
    }

    @Test
    void recordsAreNotValidated() {
        String bucket = "/v1/buckets/" + uid("b");
        json("{\"data\": {\"record:schema\": {\"required\": [\"owner\"]}}}").put(bucket).then().statusCode(201);
        String collection = bucket + "/collections/" + uid("c");
        json("{\"data\": {\"schema\": " + SchemaValidationTest.TITLE_SCHEMA + "}}").put(collection).then().statusCode(201);
        json("{\"data\": {\"title\": 1}}").post(collection + "/records").then().statusCode(201)
                .body("data.containsKey('schema')", equalTo(false));
    }

    @Test
    void rootDoesNotAdvertiseTheCapability() {
        given().get("/v1/").then().statusCode(200).body("capabilities.containsKey('schema')", equalTo(false));
    }
}
