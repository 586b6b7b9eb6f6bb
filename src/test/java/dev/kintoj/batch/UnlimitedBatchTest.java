package dev.kintoj.batch;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

/** {@code batch_max_requests = null}: no limit, and the root endpoint says so (batch.md §1.1, api.md §13.1). */
@QuarkusTest
@TestProfile(UnlimitedBatchTest.NoLimit.class)
class UnlimitedBatchTest {

    public static class NoLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinto.batch_max_requests", "null");
        }
    }

    @Test
    void manyRequestsAreServed() {
        String collection = "/buckets/u" + UUID.randomUUID().toString().substring(0, 8) + "/collections/c";
        StringBuilder body = new StringBuilder("{\"defaults\": {\"method\": \"POST\", \"path\": \"" + collection + "/records\"},"
                + " \"requests\": [{\"method\": \"PUT\", \"path\": \"" + collection.substring(0, collection.indexOf("/collections")) + "\"},"
                + " {\"method\": \"PUT\", \"path\": \"" + collection + "\"}");
        for (int i = 0; i < 200; i++) {
            body.append(", {\"body\": {\"data\": {\"i\": ").append(i).append("}}}");
        }
        given().contentType("application/json").body(body.append("]}").toString()).post("/v1/batch")
                .then().statusCode(200)
                .body("responses", hasSize(202))
                .body("responses.status", everyItem(equalTo(201)));
        given().head("/v1" + collection + "/records").then().statusCode(200).header("Total-Objects", "200");
    }

    @Test
    void rootEndpointReportsNoLimit() {
        given().get("/v1/").then().statusCode(200).body("settings.batch_max_requests", nullValue())
                .body("settings", org.hamcrest.Matchers.hasKey("batch_max_requests"));
    }
}
