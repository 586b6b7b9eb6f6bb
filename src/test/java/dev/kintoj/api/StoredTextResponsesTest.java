package dev.kintoj.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.Json;
import dev.kintoj.postgresql.Databases;
import dev.kintoj.storage.Storage;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kintoj.api.Fixtures.collectionOf;
import static dev.kintoj.api.Fixtures.etag;
import static dev.kintoj.api.Fixtures.idOf;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.record;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Objects sent as the backend stored them (README, Read path since issue 18): on PostgreSQL an object GET and a list
 * page write an object's {@code data::text} into the response as it is when it says exactly what the parsed object
 * would, and parse it otherwise. Either way the responses say, byte for byte once written by one mapper, what the
 * parsed object says (its keys in the same order). On the in-memory backends every response comes from the trees.
 */
@QuarkusTest
class StoredTextResponsesTest {

    /** Values whose text could come out otherwise: escapes, big numbers, nesting, the empty object. */
    private static final List<String> SENT_AS_STORED = List.of(
            "{\"title\": \"plain\", \"n\": 1}",
            "{}",
            "{\"s\": \"\\u00e9\\u2028\\ud83d\\ude00 \\\" \\\\ \\/ \\u0001\\n\", \"\\u00e9x\": 1, \"quote\\\"key\": \"-0 1.5e3 id\"}",
            "{\"big\": 123456789012345678901234567890, \"neg\": -98765432109876543210, \"max\": 9223372036854775807, \"m\": -7}",
            "{\"a\": {\"b\": [1, {\"c\": [null, true, false, {}, []]}], \"d\": {}}, \"\": \"\", \"zz\": [[[]]]}",
            "{\"z\": -0, \"zs\": [-0, 0]}");

    /**
     * Values PostgreSQL's text would say otherwise than the parsed object (decimals, exponents: the backend reads
     * them as doubles), or that hold an {@code "id"} key: parsed and written as before.
     */
    private static final List<String> PARSED = List.of(
            "{\"d\": 1.10, \"e\": 1e2, \"f\": -0.0, \"g\": [2.5E-3]}",
            "{\"nested\": {\"id\": \"not the record's\", \"last_modified\": 3}}");

    @Inject
    Storage storage;

    @Inject
    Databases databases;

    private boolean onPostgresql() {
        return !databases.all().isEmpty();
    }

    @Test
    void anObjectGetSaysWhatTheParsedObjectSays() {
        for (String data : SENT_AS_STORED) {
            String path = record(data);
            Response get = given().get(path).then().statusCode(200).extract().response();
            String body = get.asString();
            JsonNode parsed = parsedObject(path);
            assertEquals(written(parsed), written(parse(body).get("data")), data);
            // The stored meaning is the one sent (integers exact, strings unescaped alike).
            ObjectNode sent = (ObjectNode) parse(data);
            sent.put("id", idOf(path));
            sent.put("last_modified", parsed.get("last_modified").longValue());
            assertEquals(Json.parseOrNull(Json.write(sent)), parse(body).get("data"), data);
            assertEquals(onPostgresql(), sentAsStored(body, path), "stored text sent for " + data + ": " + body);
            assertEquals(etag(parsed.get("last_modified").longValue()), get.header("ETag"));
            assertTrue(parse(body).get("permissions").has("write"), body);
        }
    }

    @Test
    void textThatWouldSayOtherwiseIsParsed() {
        for (String data : PARSED) {
            String path = record(data);
            String body = given().get(path).then().statusCode(200).extract().asString();
            assertEquals(written(parsedObject(path)), written(parse(body).get("data")), data);
            assertFalse(sentAsStored(body, path), "parsed for " + data + ": " + body);
        }
    }

    @Test
    void aListPageSaysWhatTheParsedObjectsSay() {
        for (String data : concat(SENT_AS_STORED, PARSED)) {
            String path = record(data);
            String body = given().get(collectionOf(path) + "/records").then().statusCode(200).extract().asString();
            assertEquals(written(parsedObject(path)), written(parse(body).get("data").get(0)), data);
            assertEquals(onPostgresql() && SENT_AS_STORED.contains(data), sentAsStored(body, path), body);
        }
    }

    @Test
    void headPreconditionsFieldsAndBatchSubrequestsAreAnsweredAsBefore() {
        String path = record(SENT_AS_STORED.get(0));
        Response get = given().get(path).then().statusCode(200).extract().response();
        JsonNode parsed = parsedObject(path);
        long lastModified = parsed.get("last_modified").longValue();

        Response head = given().head(path).then().statusCode(200).header("ETag", etag(lastModified)).extract().response();
        assertEquals(String.valueOf(get.asByteArray().length), head.header("Content-Length"));
        assertEquals("", head.asString());

        given().header("If-None-Match", etag(lastModified)).get(path).then().statusCode(304);
        String refused = given().header("If-Match", etag(lastModified - 1)).get(path).then().statusCode(412)
                .header("ETag", etag(lastModified)).extract().asString();
        assertEquals(written(parsed), written(parse(refused).get("details").get("existing")));

        String projected = given().queryParam("_fields", "title").get(path).then().statusCode(200).extract().asString();
        assertEquals(parse("{\"data\": {\"title\": \"plain\", \"id\": \"" + idOf(path) + "\", \"last_modified\": "
                + lastModified + "}}"), parse(projected));

        String batch = json("{\"requests\": [{\"method\": \"GET\", \"path\": \"" + path.substring("/v1".length()) + "\"}]}")
                .post("/v1/batch").then().statusCode(200).extract().asString();
        JsonNode subresponse = parse(batch).get("responses").get(0);
        assertEquals(200, subresponse.get("status").intValue());
        assertEquals(written(parsed), written(subresponse.get("body").get("data")));
        assertEquals(written(parse(get.asString())), written(subresponse.get("body")));
        // Read inside the batch's transaction (not ahead), and still sent as stored.
        assertEquals(onPostgresql(), sentAsStored(batch, path), batch);
    }

    /** The record as the backend parses it, written by the engine's mapper: what the parsed path sends. */
    private JsonNode parsedObject(String path) {
        String parent = collectionOf(path).substring("/v1".length());
        ObjectNode object = storage.get("record", parent, idOf(path)).await().indefinitely().orElseThrow();
        return parse(Json.write(object));
    }

    /**
     * Whether the response carries the object as PostgreSQL's jsonb wrote it: the stored text ends with {@code id}
     * and {@code last_modified} written with jsonb's spacing, which the engine's mapper never writes.
     */
    private static boolean sentAsStored(String body, String path) {
        return body.contains("\"id\": \"" + idOf(path) + "\", \"last_modified\": ");
    }

    /** One writing of a value by one mapper: equal texts say the same values, keys in the same order. */
    private static String written(JsonNode value) {
        return Json.write(value);
    }

    /** Read with the engine's mapper: numbers exact (1.10 is not 1.1), so that the texts compare them exactly. */
    private static JsonNode parse(String text) {
        JsonNode node = Json.parseOrNull(text);
        assertTrue(node != null, "not JSON: " + text);
        return node;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        return java.util.stream.Stream.concat(first.stream(), second.stream()).toList();
    }
}
