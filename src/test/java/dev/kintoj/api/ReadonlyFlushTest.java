package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.HttpAssertions.METHOD_NOT_ALLOWED_BODY;
import static io.restassured.RestAssured.given;

/** A read-only server refuses the flush like every write (api.md §15), but still serves the counters. */
@QuarkusTest
@TestProfile(ReadonlyFlushTest.ReadonlyWithPlugins.class)
class ReadonlyFlushTest {

    public static class ReadonlyWithPlugins implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinto.readonly", "true", "kinto.includes", "kinto.plugins.flush kinto.plugins.counters");
        }
    }

    @Test
    void flushIs405() {
        Response response = given().post("/v1/__flush__");
        response.then().statusCode(405);
        assertBody(response, METHOD_NOT_ALLOWED_BODY);
    }

    @Test
    void countersAreServed() {
        given().get("/v1/__counters__").then().statusCode(200);
    }
}
