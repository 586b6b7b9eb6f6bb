package dev.kintoj.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.kintoj.api.Fixtures.MERGE_PATCH;
import static dev.kintoj.api.Fixtures.assertBody;
import static dev.kintoj.api.Fixtures.bucket;
import static dev.kintoj.api.Fixtures.json;
import static dev.kintoj.api.Fixtures.lastModified;
import static dev.kintoj.api.Fixtures.parse;
import static dev.kintoj.api.Fixtures.storedData;
import static dev.kintoj.api.Fixtures.uid;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** JSON-Schema validation switched on (api.md §12). {@link SchemaValidationDisabledTest}: switched off. */
@QuarkusTest
@TestProfile(FlushPluginTest.UtilityPluginsAndSchemas.class)
class SchemaValidationTest {

    static final String TITLE_SCHEMA = """
            {"type": "object", "properties": {"title": {"type": "string"}}, "required": ["title"]}""";

    /** A fresh collection with the given schema; returns its path. */
    private static String collectionWithSchema(String schema) {
        String path = bucket() + "/collections/" + uid("c");
        json("{\"data\": {\"schema\": " + schema + "}}").put(path).then().statusCode(201);
        return path;
    }

    private static Response postRecord(String collection, String data) {
        return json("{\"data\": " + data + "}").post(collection + "/records");
    }

    /** Asserts a 400 errno 107 whose only detail has the given name (location body). */
    private static JsonNode assertInvalid(Response response, String name) {
        response.then().statusCode(400).body("errno", equalTo(107)).body("error", equalTo("Invalid parameters"))
                .body("details.size()", equalTo(1))
                .body("details[0].location", equalTo("body"))
                .body("details[0].name", equalTo(name));
        return parse(response.asString());
    }

    @Test
    void rootAdvertisesTheSchemaCapability() {
        given().get("/v1/").then().statusCode(200)
                .body("capabilities.schema.description", equalTo("Validates collection records with JSON schemas."))
                .body("capabilities.schema.url",
                        equalTo("https://kinto.readthedocs.io/en/latest/api/1.x/collections.html#collection-json-schema"));
    }

    @Test
    void anInvalidSchemaIsRefusedWithKintosMessage() {
        String path = bucket() + "/collections/" + uid("c");
        Response response = json("{\"data\": {\"schema\": {\"type\": \"Washmachine\"}}}").put(path);
        assertBody(response, """
                {"code":400,"errno":107,"error":"Invalid parameters",
                 "message":"data.schema in body: type'Washmachine' is not valid under any of the given schemas",
                 "details":[{"location":"body","name":"data.schema",
                             "description":"type'Washmachine' is not valid under any of the given schemas"}]}""");
        given().get(path).then().statusCode(404);
        json("{\"data\": {}}").put(path).then().statusCode(201);
        // PATCH validates after merging: no prefix.
        assertInvalid(json("{\"data\": {\"schema\": {\"required\": \"title\"}}}").patch(path), "schema");
        assertInvalid(json("{\"data\": {\"schema\": {\"properties\": {\"a\": {\"minLength\": -1}}}}}").post(
                path.substring(0, path.lastIndexOf('/'))), "data.schema");
    }

    @Test
    void aMissingRequiredFieldIsNamed() {
        String collection = collectionWithSchema(TITLE_SCHEMA);
        assertBody(postRecord(collection, "{\"n\": 1}"), """
                {"code":400,"errno":107,"error":"Invalid parameters","message":"'title' is a required property",
                 "details":[{"location":"body","name":"title","description":"'title' is a required property"}]}""");
    }

    @Test
    void aWrongTypeIsNamed() {
        String collection = collectionWithSchema(TITLE_SCHEMA);
        assertBody(postRecord(collection, "{\"title\": 1}"), """
                {"code":400,"errno":107,"error":"Invalid parameters","message":"title in body: 1 is not of type 'string'",
                 "details":[{"location":"body","name":"title","description":"1 is not of type 'string'"}]}""");
        json("{\"data\": {\"title\": 1}}").put(collection + "/records/" + uid("r")).then().statusCode(400)
                .body("details[0].name", equalTo("title"));
    }

    @Test
    void additionalPropertiesAreRefusedButServerFieldsAreNotSeen() {
        String collection = collectionWithSchema("""
                {"type": "object", "properties": {"title": {"type": "string"}}, "additionalProperties": false}""");
        assertBody(postRecord(collection, "{\"title\": \"a\", \"extra\": 1}"), """
                {"code":400,"errno":107,"error":"Invalid parameters",
                 "message":"additionalProperties in body: Additional properties are not allowed ('extra' was unexpected)",
                 "details":[{"location":"body","name":"additionalProperties",
                             "description":"Additional properties are not allowed ('extra' was unexpected)"}]}""");
        // id, last_modified and schema are ignored: the record is valid, and can be replaced as it was read.
        String record = postRecord(collection, "{\"title\": \"a\", \"last_modified\": 123}").then().statusCode(201)
                .extract().path("data.id");
        JsonNode stored = storedData(collection + "/records/" + record);
        json("{\"data\": " + stored + "}").put(collection + "/records/" + record).then().statusCode(200);
    }

    @Test
    void aNestedFailureIsNamedByItsLastPathElement() {
        String collection = collectionWithSchema("""
                {"type": "object", "properties": {
                   "author": {"type": "object", "properties": {"name": {"type": "string"}}, "required": ["name"]},
                   "tags": {"type": "array", "items": {"type": "string"}}}}""");
        assertInvalid(postRecord(collection, "{\"author\": {\"name\": 3}}"), "name");
        // A required property missing below the root is named by the object that lacks it.
        assertInvalid(postRecord(collection, "{\"author\": {}}"), "author");
        assertInvalid(postRecord(collection, "{\"tags\": [\"a\", 2]}"), "1");
        postRecord(collection, "{\"author\": {\"name\": \"n\"}, \"tags\": [\"a\"]}").then().statusCode(201);
    }

    @Test
    void idIsValidatedOnlyWhenThePropertiesMentionIt() {
        String withId = collectionWithSchema("""
                {"type": "object", "properties": {"id": {"type": "string", "pattern": "^abc"}}, "required": ["id"]}""");
        assertInvalid(json("{\"data\": {}}").put(withId + "/records/xyz"), "id");
        json("{\"data\": {}}").put(withId + "/records/abcdef").then().statusCode(201);

        // Not mentioned: id (and the other server fields) are left out, also of the required list.
        String withoutId = collectionWithSchema("""
                {"type": "object", "properties": {"title": {"type": "string"}}, "additionalProperties": false,
                 "required": ["id", "last_modified", "schema", "title"]}""");
        json("{\"data\": {\"title\": \"t\"}}").put(withoutId + "/records/xyz").then().statusCode(201);
        assertInvalid(postRecord(withoutId, "{}"), "title");
    }

    @Test
    void atTheRootTheLastRequiredPropertyNamesTheFailure() {
        // Kinto names a root failure by the last element of the keyword's value, not by the missing property.
        String collection = collectionWithSchema("{\"required\": [\"title\", \"n\"]}");
        Response response = postRecord(collection, "{\"n\": 1}");
        assertInvalid(response, "n");
        response.then().body("message", equalTo("n in body: 'title' is a required property"))
                .body("details[0].description", equalTo("'title' is a required property"));
    }

    @Test
    void pythonMessagesForCommonKeywords() {
        String collection = collectionWithSchema("""
                {"properties": {"e": {"enum": [1, "x"]}, "m": {"minimum": 3}, "s": {"maxLength": 2},
                                "p": {"pattern": "^a"}, "o": {"anyOf": [{"type": "string"}, {"type": "integer"}]},
                                "c": {"const": true}}}""");
        Map<String, String> expected = Map.of(
                "{\"e\": 2}", "2 is not one of [1, 'x']",
                "{\"m\": 1}", "1 is less than the minimum of 3",
                "{\"s\": \"bcd\"}", "'bcd' is too long",
                "{\"p\": \"bcd\"}", "'bcd' does not match '^a'",
                "{\"o\": 1.5}", "1.5 is not valid under any of the given schemas",
                "{\"c\": null}", "True was expected");
        expected.forEach((data, description) -> postRecord(collection, data).then().statusCode(400)
                .body("details[0].description", equalTo(description)));
        String closed = collectionWithSchema("{\"properties\": {}, \"additionalProperties\": false}");
        postRecord(closed, "{\"a\": 1, \"b\": 2}").then().statusCode(400)
                .body("details[0].description", equalTo("Additional properties are not allowed ('a', 'b' were unexpected)"));
    }

    @Test
    void theFailureClosestToTheRootIsReported() {
        String collection = collectionWithSchema("""
                {"properties": {"title": {"type": "string"}, "author": {"properties": {"name": {"type": "string"}}}},
                 "required": ["isbn"]}""");
        assertInvalid(postRecord(collection, "{\"author\": {\"name\": 1}, \"title\": 1}"), "isbn");
        assertInvalid(postRecord(collection, "{\"author\": {\"name\": 1}, \"title\": 1, \"isbn\": \"i\"}"), "title");
    }

    @Test
    void deeplyNestedDataIsValidated() {
        String collection = collectionWithSchema("""
                {"$defs": {"n": {"type": ["array", "integer"], "items": {"$ref": "#/$defs/n"}}},
                 "properties": {"a": {"$ref": "#/$defs/n"}}}""");
        int depth = 50;
        postRecord(collection, "{\"a\": " + "[".repeat(depth) + "1" + "]".repeat(depth) + "}").then().statusCode(201);
        assertInvalid(postRecord(collection, "{\"a\": " + "[".repeat(depth) + "\"x\"" + "]".repeat(depth) + "}"), "0");
        collectionWithSchema("{\"items\": ".repeat(depth) + "{}" + "}".repeat(depth));
        // A reference cycle that never descends into the data recurses without end: a 400 named schema.
        String cycle = collectionWithSchema("{\"$defs\": {\"a\": {\"$ref\": \"#/$defs/a\"}}, \"$ref\": \"#/$defs/a\"}");
        assertInvalid(postRecord(cycle, "{}"), "schema");
        // Near the parser's limit the validator's recursion may exhaust the stack (how deep it gets varies with
        // the JIT): then a 400, never a crash.
        int tooDeep = 990;
        Response record = postRecord(collection, "{\"a\": " + "[".repeat(tooDeep) + "1" + "]".repeat(tooDeep) + "}");
        if (record.statusCode() != 201) {
            JsonNode error = assertInvalid(record, "schema");
            assertEquals("Too deeply nested or recursive to be validated", error.at("/details/0/description").asText());
        }
        Response schema = json("{\"data\": {\"schema\": " + "{\"items\": ".repeat(tooDeep - 3) + "{}"
                + "}".repeat(tooDeep - 3) + "}}").put(bucket() + "/collections/" + uid("c"));
        if (schema.statusCode() != 201) {
            assertInvalid(schema, "data.schema");
        }
    }

    @Test
    void patchIsValidatedAfterMerging() {
        String collection = collectionWithSchema(TITLE_SCHEMA);
        String record = collection + "/records/" + uid("r");
        json("{\"data\": {\"title\": \"t\"}}").put(record).then().statusCode(201);
        json("{\"data\": {\"other\": 1}}").patch(record).then().statusCode(200)
                .body("data.title", equalTo("t")).body("data.other", equalTo(1));
        assertInvalid(json("{\"data\": {\"title\": 2}}").patch(record), "title");
        assertInvalid(given().contentType(MERGE_PATCH).body("{\"data\": {\"title\": null}}").patch(record), "title");
        assertInvalid(given().contentType("application/json-patch+json")
                .body("[{\"op\": \"remove\", \"path\": \"/data/title\"}]").patch(record), "title");
    }

    @Test
    void recordsCarryTheSchemaVersionUsableInFilters() {
        String collection = collectionWithSchema(TITLE_SCHEMA);
        long first = lastModified(collection);
        String old = postRecord(collection, "{\"title\": \"old\"}").then().statusCode(201)
                .body("data.schema", equalTo(first)).extract().path("data.id");
        // A client value is overwritten.
        postRecord(collection, "{\"title\": \"forced\", \"schema\": 1}").then().statusCode(201)
                .body("data.schema", equalTo(first));

        json("{\"data\": {\"schema\": {\"type\": \"object\", \"properties\": {\"title\": {\"type\": \"string\"}}}}}")
                .put(collection).then().statusCode(200);
        long second = lastModified(collection);
        assertNotEquals(first, second);
        String recent = postRecord(collection, "{\"n\": 1}").then().statusCode(201)
                .body("data.schema", equalTo(second)).extract().path("data.id");
        given().get(collection + "/records?min_schema=" + second).then().statusCode(200)
                .body("data.size()", equalTo(1)).body("data[0].id", equalTo(recent));
        given().get(collection + "/records?schema=" + first).then().statusCode(200)
                .body("data.size()", equalTo(2));
        // Updating the old record moves it to the current version.
        json("{\"data\": {\"title\": \"again\"}}").patch(collection + "/records/" + old).then().statusCode(200)
                .body("data.schema", equalTo(second));
    }

    @Test
    void bucketRecordSchemaValidatesAfterTheCollectionSchema() {
        String bucket = "/v1/buckets/" + uid("b");
        json("{\"data\": {\"record:schema\": {\"type\": \"object\", \"required\": [\"owner\"]}}}").put(bucket)
                .then().statusCode(201);
        String plain = bucket + "/collections/" + uid("c");
        given().put(plain).then().statusCode(201);
        assertInvalid(postRecord(plain, "{\"title\": \"t\"}"), "owner");
        // Without a collection schema, no schema version.
        postRecord(plain, "{\"owner\": \"me\"}").then().statusCode(201).body("data.containsKey('schema')", equalTo(false));

        String typed = bucket + "/collections/" + uid("c");
        json("{\"data\": {\"schema\": " + TITLE_SCHEMA + "}}").put(typed).then().statusCode(201);
        assertInvalid(postRecord(typed, "{}"), "title");
        assertInvalid(postRecord(typed, "{\"title\": \"t\"}"), "owner");
        postRecord(typed, "{\"title\": \"t\", \"owner\": \"me\"}").then().statusCode(201);
    }

    @Test
    void bucketCollectionSchemaValidatesCollections() {
        String bucket = "/v1/buckets/" + uid("b");
        json("""
                {"data": {"collection:schema": {"type": "object", "properties": {"description": {"type": "string"}},
                          "required": ["id", "description"], "additionalProperties": false}}}""").put(bucket)
                .then().statusCode(201);
        String collection = bucket + "/collections/" + uid("c");
        assertInvalid(json("{\"data\": {}}").put(collection), "description");
        // Even a PUT without data gives the object to validate (Kinto validates every write).
        assertInvalid(given().put(collection), "description");
        assertInvalid(json("{\"data\": {\"description\": \"d\", \"x\": 1}}").put(collection), "additionalProperties");
        json("{\"data\": {\"description\": \"d\"}}").put(collection).then().statusCode(201);
        assertInvalid(json("{\"data\": {\"description\": 1}}").patch(collection), "description");
        given().get(collection).then().statusCode(200).body("data.description", equalTo("d"));
    }

    @Test
    void bucketGroupSchemaValidatesGroups() {
        String bucket = "/v1/buckets/" + uid("b");
        json("{\"data\": {\"group:schema\": {\"type\": \"object\", \"required\": [\"title\"]}}}").put(bucket)
                .then().statusCode(201);
        String group = bucket + "/groups/" + uid("g");
        assertInvalid(json("{\"data\": {\"members\": [\"alice\"]}}").put(group), "title");
        json("{\"data\": {\"members\": [\"alice\"], \"title\": \"G\"}}").put(group).then().statusCode(201);
        // Groups are not records: no schema version.
        given().get(group).then().statusCode(200).body("data.containsKey('schema')", equalTo(false));
        // A group schema does not apply to collections, nor a collection schema to groups.
        given().put(bucket + "/collections/" + uid("c")).then().statusCode(201);
    }

    @Test
    void anEmptySchemaOrNoSchemaAcceptsEverything() {
        String collection = collectionWithSchema(TITLE_SCHEMA);
        assertInvalid(postRecord(collection, "{}"), "title");
        json("{\"data\": {\"schema\": {}}}").patch(collection).then().statusCode(200);
        long version = lastModified(collection);
        postRecord(collection, "{}").then().statusCode(201).body("data.schema", equalTo(version));

        String removed = collectionWithSchema(TITLE_SCHEMA);
        given().contentType(MERGE_PATCH).body("{\"data\": {\"schema\": null}}").patch(removed).then().statusCode(200)
                .body("data.containsKey('schema')", equalTo(false));
        postRecord(removed, "{}").then().statusCode(201).body("data.containsKey('schema')", equalTo(false));
    }

    @Test
    void anUnresolvableReferenceIsNamedSchema() {
        String local = collectionWithSchema("{\"properties\": {\"a\": {\"$ref\": \"#/definitions/nope\"}}}");
        assertInvalid(postRecord(local, "{\"a\": 1}"), "schema");
        String remote = collectionWithSchema("{\"properties\": {\"a\": {\"$ref\": \"http://localhost:1/nope.json\"}}}");
        assertInvalid(postRecord(remote, "{\"a\": 1}"), "schema");
        String classpath = collectionWithSchema("{\"properties\": {\"a\": {\"$ref\": \"classpath:application.properties\"}}}");
        assertInvalid(postRecord(classpath, "{\"a\": 1}"), "schema");
        // The drafts' meta-schemas are known without any network.
        String meta = collectionWithSchema("{\"properties\": {\"a\": {\"$ref\": \"http://json-schema.org/draft-07/schema#\"}}}");
        assertInvalid(postRecord(meta, "{\"a\": {\"type\": 1}}"), "type");
        postRecord(meta, "{\"a\": {\"type\": \"string\"}}").then().statusCode(201);
    }

    @Test
    void theSchemaKeywordPicksTheDialect() {
        // Draft 7 ignores the siblings of $ref; 2020-12 (the default) applies them.
        String body = """
                "definitions": {"s": {"type": "string"}}, "properties": {"a": {"$ref": "#/definitions/s", "maxLength": 2}}}""";
        String draft7 = collectionWithSchema("{\"$schema\": \"http://json-schema.org/draft-07/schema#\", " + body);
        postRecord(draft7, "{\"a\": \"abc\"}").then().statusCode(201);
        assertInvalid(postRecord(draft7, "{\"a\": 1}"), "a");
        String latest = collectionWithSchema("{" + body);
        assertInvalid(postRecord(latest, "{\"a\": \"abc\"}"), "a");
        // Tuple items are Draft 7 only.
        String tuple = "\"properties\": {\"t\": {\"items\": [{\"type\": \"string\"}]}}}";
        String tuple7 = collectionWithSchema("{\"$schema\": \"http://json-schema.org/draft-07/schema#\", " + tuple);
        assertInvalid(postRecord(tuple7, "{\"t\": [1]}"), "0");
        assertInvalid(postRecord(collectionWithSchema("{" + tuple), "{\"t\": [\"a\"]}"), "schema");
        // As in Kinto, formats are annotations only, in every draft.
        String formats = collectionWithSchema("""
                {"$schema": "http://json-schema.org/draft-07/schema#", "properties": {"e": {"format": "email"}}}""");
        postRecord(formats, "{\"e\": \"not an address\"}").then().statusCode(201);
        // The draft's id without its "#" is the same draft; an unknown dialect means the latest draft.
        String noHash = collectionWithSchema("{\"$schema\": \"http://json-schema.org/draft-07/schema\", " + body);
        postRecord(noHash, "{\"a\": \"abc\"}").then().statusCode(201);
        String unknown = collectionWithSchema("{\"$schema\": \"http://example.com/my-dialect\", " + body);
        assertInvalid(postRecord(unknown, "{\"a\": \"abc\"}"), "a");
    }

    @Test
    void aFailedValidationChangesNothing() {
        String collection = collectionWithSchema(TITLE_SCHEMA);
        String record = collection + "/records/" + uid("r");
        json("{\"data\": {\"title\": \"t\"}}").put(record).then().statusCode(201);
        String etag = given().get(record).then().statusCode(200).extract().header("ETag");
        String listEtag = given().get(collection + "/records").then().statusCode(200).extract().header("ETag");
        String permissions = given().get(record).then().extract().jsonPath().getString("permissions");

        assertInvalid(json("{\"data\": {\"title\": 1}, \"permissions\": {\"read\": [\"bob\"]}}").put(record), "title");
        assertInvalid(json("{\"data\": {\"title\": 1}, \"permissions\": {\"read\": [\"bob\"]}}").patch(record), "title");
        assertInvalid(json("{\"data\": {}, \"permissions\": {\"read\": [\"bob\"]}}").put(collection + "/records/" + uid("r")), "title");
        assertInvalid(postRecord(collection, "{\"title\": 1}"), "title");

        Response after = given().get(record);
        after.then().statusCode(200).header("ETag", etag).body("data.title", equalTo("t"));
        assertEquals(permissions, after.jsonPath().getString("permissions"));
        given().get(collection + "/records").then().statusCode(200).header("ETag", listEtag).body("data.size()", equalTo(1));
        String history = given().get(collection + "/records?_since=0").then().extract().asString();
        assertFalse(history.contains("\"deleted\""), history);
    }
}
