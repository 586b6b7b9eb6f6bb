package dev.kintoj.auth;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static dev.kintoj.auth.BasicAuthPolicyTest.basic;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

/** With {@code multiauth.policies = basicauth}: identities, the hello document and the owner rule. */
@QuarkusTest
@TestProfile(BasicAuthHttpTest.BasicAuth.class)
public class BasicAuthHttpTest {

    private static final String ALICE = "basicauth:d5b0026601f1b251974e09548d44155e16812e3c64ff7ae053fe3542e2ca1570";

    /**
     * Basic auth alone, no plugin. Also {@code paginate_by = 3} for {@link dev.kintoj.api.PaginateByTest}, which none
     * of these tests lists enough to notice: each profile is one more application to build and start per test run
     * (README, Tests), so the two suites share one.
     */
    public static class BasicAuth implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("multiauth.policies", "basicauth", "kinto.includes", "", "kinto.paginate_by", "3");
        }
    }

    @Test
    void helloShowsTheUserAndTheCapability() {
        given().header("Authorization", basic("alice:secret")).get("/v1/").then().statusCode(200)
                .body("user.id", equalTo(ALICE))
                // hasItems: on PostgreSQL, groups that earlier suites gave alice or system.Authenticated are kept.
                .body("user.principals", hasItems(ALICE, "system.Everyone", "system.Authenticated"))
                .body("user.principals[0]", equalTo(ALICE))
                .body("capabilities.basicauth.description", notNullValue());
        given().get("/v1/").then().body("user", nullValue()).body("capabilities.basicauth", notNullValue());
        given().header("Authorization", basic(":nobody")).get("/v1/").then().body("user", nullValue());
    }

    @Test
    void theCreatorIsTheWriterAndOnlyWritersSeeTheAcl() {
        String bucket = "/v1/buckets/ba" + UUID.randomUUID().toString().substring(0, 8);
        given().header("Authorization", basic("alice:secret"))
                .contentType("application/json").body("{\"permissions\": {\"read\": [\"system.Everyone\"]}}")
                .put(bucket).then().statusCode(201)
                .body("permissions.write", contains(ALICE))
                .body("permissions.read", contains("system.Everyone"));
        given().header("Authorization", basic("alice:secret")).get(bucket).then()
                .body("permissions.write", contains(ALICE))
                .header("Cache-Control", "no-cache, no-store");
        given().header("Authorization", basic("bob:secret")).get(bucket).then().statusCode(200)
                .body("permissions", aMapWithSize(0));
        given().get(bucket).then().statusCode(200).body("permissions", aMapWithSize(0));
    }
}
