package dev.kintoj.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The OpenAPI document of the test configuration (accounts, default bucket, permissions endpoint, basicauth):
 * served at /v1/__api__ and /q/openapi, valid for the Swagger parser, and equal to the checked-in copy the build
 * generates the clients from ({@link #CHECKED_IN}).
 */
@QuarkusTest
class OpenApiDocumentTest {

    /** The copy the build generates the Java and TypeScript clients from (pom.xml, openapi-generator). */
    static final Path CHECKED_IN = Path.of("src/test/openapi/kintoj-api.json");
    /** The one command that rewrites {@link #CHECKED_IN} from the served document. */
    static final String UPDATE_COMMAND = "./mvnw test -Dtest=OpenApiDocumentTest -Dkintoj.openapi.update=true "
            + "-Dsurefire.failIfNoSpecifiedTests=false";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static JsonNode served() throws IOException {
        Response response = given().get("/v1/__api__");
        response.then().statusCode(200).contentType("application/json");
        return JSON.readTree(response.asString());
    }

    /**
     * Swagger's parser, failing on any error or warning it reports; and every {@code $ref} names a part of the
     * document (the parser accepts some dangling references silently).
     */
    static void assertValid(String document) throws IOException {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(document, null, options);
        assertNotNull(result.getOpenAPI(), "unparseable: " + result.getMessages());
        assertEquals(List.of(), result.getMessages());
        JsonNode root = JSON.readTree(document);
        List<String> dangling = new java.util.ArrayList<>();
        for (JsonNode ref : root.findValues("$ref")) {
            if (!ref.textValue().startsWith("#/") || root.at(ref.textValue().substring(1)).isMissingNode()) {
                dangling.add(ref.textValue());
            }
        }
        assertEquals(List.of(), dangling, "references to nothing");
    }

    @Test
    void servedDocumentIsValidOpenApi3() throws IOException {
        String document = given().get("/v1/__api__").asString();
        assertValid(document);
        assertEquals("3.0.3", JSON.readTree(document).get("openapi").textValue());
    }

    @Test
    void quarkusPathsServeTheSameDocumentAsJsonAndYaml() throws IOException {
        JsonNode served = served();
        assertEquals(served, JSON.readTree(given().queryParam("format", "json").get("/q/openapi").asString()));
        JsonNode yaml = new YAMLMapper().readTree(given().get("/q/openapi").asString());
        assertEquals(served, JSON.readTree(JSON.writeValueAsString(yaml)));
    }

    @Test
    void checkedInCopyIsTheServedDocument() throws IOException {
        JsonNode served = served();
        if (Boolean.getBoolean("kintoj.openapi.update")) {
            Files.writeString(CHECKED_IN, JSON.writeValueAsString(served) + "\n");
        }
        JsonNode copy = Files.exists(CHECKED_IN) ? JSON.readTree(CHECKED_IN.toFile()) : null;
        assertEquals(served, copy, CHECKED_IN + " (the clients are generated from it) differs from the served "
                + "document: run `" + UPDATE_COMMAND + "` and commit the file");
    }

    @Test
    void describesTheResourceKindsAndEndpointsOfThisConfiguration() throws IOException {
        JsonNode paths = served().get("paths");
        for (String path : List.of("/buckets", "/buckets/{bucket_id}", "/buckets/{bucket_id}/collections/{collection_id}",
                "/buckets/{bucket_id}/groups/{group_id}",
                "/buckets/{bucket_id}/collections/{collection_id}/records/{record_id}",
                "/accounts", "/accounts/{account_id}", "/", "/__heartbeat__", "/__lbheartbeat__", "/__version__",
                "/contribute.json", "/__api__", "/batch", "/permissions")) {
            assertTrue(paths.has(path), path + " in " + paths.properties().stream().map(e -> e.getKey()).toList());
        }
        // Not included in this configuration.
        for (String path : List.of("/buckets/{bucket_id}/history", "/__flush__", "/__counters__")) {
            assertNull(paths.get(path), path);
        }
        assertTrue(paths.at("/~1permissions/get/parameters").toString().contains("#/components/parameters/_limit"));
        JsonNode records = paths.get("/buckets/{bucket_id}/collections/{collection_id}/records");
        assertEquals("listRecords", records.at("/get/operationId").textValue());
        assertEquals(List.of("parameters", "get", "head", "post", "delete"), fieldNames(records));
        JsonNode record = paths.get("/buckets/{bucket_id}/collections/{collection_id}/records/{record_id}");
        assertEquals(List.of("application/json", "application/merge-patch+json", "application/json-patch+json"),
                fieldNames(record.at("/patch/requestBody/content")));
    }

    @Test
    void declaresTheHeadersParametersAndErrorEnvelope() throws IOException {
        JsonNode components = served().get("components");
        for (String header : List.of("ETag", "Last-Modified", "Next-Page", "Total-Objects", "Backoff", "Retry-After", "Alert")) {
            assertTrue(components.get("headers").has(header), header);
        }
        for (String parameter : List.of("If-Match", "If-None-Match", "_limit", "_token", "_sort", "_since", "_before",
                "_to", "_fields", "filters")) {
            assertTrue(components.get("parameters").has(parameter), parameter);
        }
        assertEquals(List.of("code", "errno", "error", "message", "info", "details"),
                fieldNames(components.at("/schemas/ErrorEnvelope/properties")));
        assertEquals(List.of("read", "write", "collection:create", "group:create"),
                fieldNames(components.at("/schemas/BucketPermissions/properties")));
        assertEquals("basic", components.at("/securitySchemes/basicAuth/scheme").textValue());
    }

    @Test
    void batchSubrequestsGetTheDocumentToo() {
        io.restassured.path.json.JsonPath result = given().contentType("application/json")
                .body("{\"requests\": [{\"path\": \"/__api__\"}]}").post("/v1/batch")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(200, result.getInt("responses[0].status"));
        assertEquals(ApiDocument.VERSION, result.getString("responses[0].body.openapi"));
    }

    @Test
    void swaggerUiIsOffByDefault() {
        given().get("/q/swagger-ui/").then().statusCode(404);
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
