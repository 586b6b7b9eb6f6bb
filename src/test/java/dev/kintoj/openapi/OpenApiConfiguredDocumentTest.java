package dev.kintoj.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import static dev.kintoj.openapi.OpenApiDocumentTest.assertValid;
import static dev.kintoj.openapi.OpenApiDocumentTest.fieldNames;
import static dev.kintoj.openapi.OpenApiDocumentTest.served;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The document follows the configuration: other plugins add their kinds and endpoints, a method disabled by a
 * setting disappears, and the swagger_ui setting turns Swagger UI on.
 */
@QuarkusTest
@TestProfile(OpenApiConfiguredDocumentTest.OtherPlugins.class)
class OpenApiConfiguredDocumentTest {

    public static class OtherPlugins implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinto.includes", "kinto.plugins.history kinto.plugins.flush kinto.plugins.counters",
                    "multiauth.policies", "basicauth",
                    "kinto.experimental_permissions_endpoint", "false",
                    "kinto.plural_bucket_post_enabled", "false",
                    "kinto.object_record_put_enabled", "false",
                    "kinto.swagger_ui", "true");
        }
    }

    @Test
    void pluginsAndSettingsDecideWhatIsDescribed() throws IOException {
        JsonNode document = served();
        assertValid(document.toString());
        JsonNode paths = document.get("paths");
        assertEquals(List.of("parameters", "get", "head", "delete"), fieldNames(paths.get("/buckets/{bucket_id}/history")));
        assertEquals("listHistory", paths.at("/~1buckets~1{bucket_id}~1history/get/operationId").textValue());
        assertNull(paths.get("/buckets/{bucket_id}/history/{history_id}"), "history entries have no object endpoint");
        assertEquals("flush", paths.at("/~1__flush__/post/operationId").textValue());
        assertEquals("counters", paths.at("/~1__counters__/get/operationId").textValue());
        assertTrue(paths.has("/buckets/{bucket_id}/snapshot/collections/{collection_id}@{timestamp}"));
        for (String path : List.of("/accounts", "/accounts/{account_id}", "/permissions")) {
            assertNull(paths.get(path), path);
        }
        assertEquals(List.of("get", "head", "delete"), fieldNames(paths.get("/buckets")));
        assertEquals(List.of("parameters", "get", "head", "patch", "delete"),
                fieldNames(paths.get("/buckets/{bucket_id}/collections/{collection_id}/records/{record_id}")));
        assertEquals(List.of("read"), fieldNames(document.at("/components/schemas/HistoryPermissions/properties")));
    }

    @Test
    void swaggerUiIsServedWhenTheSettingIsOn() {
        given().get("/q/swagger-ui/").then().statusCode(200);
    }
}
