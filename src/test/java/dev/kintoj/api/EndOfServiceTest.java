package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** A past end-of-service date answers 410 everywhere (api.md §15). */
@QuarkusTest
@TestProfile(EndOfServiceTest.Gone.class)
class EndOfServiceTest {

    public static class Gone implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinto.eos", "2000-01-01", "kinto.eos_url", "http://x", "kinto.eos_message", "gone");
        }
    }

    @Test
    void everyRequestIsGone() {
        for (String path : new String[] {"/v1/", "/v1/buckets", "/buckets", "/v2/x"}) {
            given().redirects().follow(false).get(path).then().statusCode(410)
                    .header("Alert", "{\"code\":\"hard-eol\",\"message\":\"gone\",\"url\":\"http://x\"}")
                    .body("errno", equalTo(202))
                    .body("message", equalTo("The service you are trying to connect no longer exists at this location."));
        }
    }
}
