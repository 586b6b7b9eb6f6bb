package dev.kintoj.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static dev.kintoj.api.Fixtures.collection;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.record;
import static dev.kintoj.api.Fixtures.storedData;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A NUL character cannot be stored by PostgreSQL: every backend answers 400 and stores nothing. */
@QuarkusTest
class UnstorableValuesTest {

    @Test
    void nulInAStringIsRefusedOnCreate() {
        String records = collection() + "/records";

        json("{\"data\": {\"title\": \"a\\u0000b\"}}").put(records + "/with-nul").then()
                .statusCode(400).body("errno", equalTo(107)).body("message", startsWith("Unsupported value"));
        json("{\"data\": {\"nested\": [{\"deep\": \"\\u0000\"}]}}").post(records).then().statusCode(400);

        given().get(records + "/with-nul").then().statusCode(404);
        given().get(records).then().statusCode(200).body("data.size()", equalTo(0));
    }

    @Test
    void nulInAKeyOrAPatchChangesNothing() {
        String path = record("{\"a\": 1}");
        JsonNode before = storedData(path);

        json("{\"data\": {\"k\\u0000\": 1}}").put(path).then().statusCode(400).body("errno", equalTo(107));
        json("{\"data\": {\"a\": \"x\\u0000\"}}").patch(path).then().statusCode(400).body("errno", equalTo(107));

        assertEquals(before, storedData(path));
    }
}
