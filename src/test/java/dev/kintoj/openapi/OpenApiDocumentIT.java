package dev.kintoj.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusIntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static dev.kintoj.openapi.OpenApiDocumentTest.assertValid;
import static dev.kintoj.openapi.OpenApiDocumentTest.served;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application (the native binary with -Dnative) builds and serves the document of its default
 * configuration: no reflection or class generation the native image would lack.
 */
@QuarkusIntegrationTest
class OpenApiDocumentIT {

    @Test
    void servesAValidDocumentOfItsConfiguration() throws IOException {
        JsonNode document = served();
        assertValid(document.toString());
        assertTrue(document.at("/paths/~1buckets~1{bucket_id}~1collections~1{collection_id}~1records").has("get"));
        assertEquals("basic", document.at("/components/securitySchemes/basicAuth/scheme").textValue());
        assertEquals(document, new ObjectMapper().readTree(given().queryParam("format", "json").get("/q/openapi").asString()));
        given().get("/q/swagger-ui/").then().statusCode(404);
    }
}
