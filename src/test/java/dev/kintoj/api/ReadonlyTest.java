package dev.kintoj.api;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** Read-only mode (api.md §15). */
@QuarkusTest
@TestProfile(ReadonlyTest.Readonly.class)
class ReadonlyTest {

    public static class Readonly implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinto.readonly", "true");
        }
    }

    @Test
    void writesAreRefusedEverywhere() {
        for (String method : new String[] {"POST", "PUT", "PATCH", "DELETE"}) {
            given().contentType("application/json").body("{}").request(method, "/v1/buckets/b1").then()
                    .statusCode(405).body("errno", equalTo(115));
        }
        given().request("DELETE", "/v1/nowhere").then().statusCode(405);
    }

    @Test
    void readsWorkAndTheRootIsCacheable() {
        given().get("/v1/buckets").then().statusCode(200);
        given().get("/v1/").then().statusCode(200).body("settings.readonly", equalTo(true))
                .header("Cache-Control", "max-age=86400")
                .header("Expires", startsWith(""));
    }
}
