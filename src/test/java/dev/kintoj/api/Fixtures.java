package dev.kintoj.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Shared helpers of the object-endpoint tests: unique ids (all test classes share one in-memory store),
 * one-call creation of a bucket / collection / record, and exact comparison of JSON bodies.
 */
final class Fixtures {

    static final String JSON = "application/json";
    static final String MERGE_PATCH = "application/merge-patch+json";
    static final String JSON_PATCH = "application/json-patch+json";

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final DateTimeFormatter RFC_1123 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

    private Fixtures() {
    }

    /** A fresh id: the prefix followed by 8 random lowercase letters or digits. */
    static String uid(String prefix) {
        StringBuilder id = new StringBuilder(prefix);
        for (int i = 0; i < 8; i++) {
            id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return id.toString();
    }

    /** {@code "a=1&b=x y"} with every name and value form-encoded, so tests can write readable JSON values. */
    static String formQuery(String readable) {
        StringBuilder out = new StringBuilder();
        for (String pair : readable.split("&")) {
            int eq = pair.indexOf('=');
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(formEncode(pair.substring(0, eq))).append('=').append(formEncode(pair.substring(eq + 1)));
        }
        return out.toString();
    }

    static String formEncode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** A request with {@code Content-Type: application/json} and the given body. */
    static RequestSpecification json(String body) {
        return given().contentType(JSON).body(body);
    }

    /** Creates a fresh bucket; returns its URL path. */
    static String bucket() {
        String path = "/v1/buckets/" + uid("b");
        given().put(path).then().statusCode(201);
        return path;
    }

    /** Creates a fresh bucket and a collection in it; returns the collection's URL path. */
    static String collection() {
        String path = bucket() + "/collections/" + uid("c");
        given().put(path).then().statusCode(201);
        return path;
    }

    /** Creates a fresh bucket, collection and record with the given {@code data} JSON; returns the record path. */
    static String record(String data) {
        String path = collection() + "/records/" + uid("r");
        json("{\"data\": " + data + "}").put(path).then().statusCode(201);
        return path;
    }

    /** The collection path of a record path. */
    static String collectionOf(String recordPath) {
        return recordPath.substring(0, recordPath.indexOf("/records/"));
    }

    /** The last segment of a path. */
    static String idOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The stored {@code last_modified} of an object (GET must answer 200). */
    static long lastModified(String path) {
        return given().get(path).then().statusCode(200).extract().jsonPath().getLong("data.last_modified");
    }

    /** The {@code ETag} value for a timestamp: the decimal number between double quotes (api.md §7). */
    static String etag(long timestamp) {
        return "\"" + timestamp + "\"";
    }

    /** The RFC 1123 rendering of a timestamp, truncated to the second (api.md §7). */
    static String httpDate(long epochMillis) {
        return RFC_1123.format(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
    }

    static JsonNode parse(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }

    /** Asserts that the response body is exactly the expected JSON (key order ignored). */
    static void assertBody(Response response, String expectedJson) {
        assertEquals(parse(expectedJson), parse(response.asString()), "response body");
    }

    /** The object data as stored, read through GET. */
    static JsonNode storedData(String path) {
        return parse(given().get(path).then().statusCode(200).extract().asString()).get("data");
    }
}
