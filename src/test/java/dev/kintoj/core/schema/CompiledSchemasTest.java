package dev.kintoj.core.schema;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintoj.core.Json;
import dev.kintoj.core.ValidationEntry;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/** A schema is compiled once per (object, field, last_modified), and the cache stays within its bound. */
class CompiledSchemasTest {

    private static final JsonNode SCHEMA = Json.parseOrNull("{\"required\": [\"title\"]}");
    private static final Set<String> IGNORED = Set.of("last_modified");

    @Test
    void theSameVersionIsCompiledOnce() {
        CompiledSchemas cache = new CompiledSchemas(10);
        CompiledSchema first = cache.get("/buckets/b/collections/c", "schema", 1, SCHEMA, IGNORED);
        assertSame(first, cache.get("/buckets/b/collections/c", "schema", 1, SCHEMA, IGNORED));
        assertNotSame(first, cache.get("/buckets/b/collections/c", "schema", 2, SCHEMA, IGNORED));
        assertNotSame(first, cache.get("/buckets/b", "record:schema", 1, SCHEMA, IGNORED));
        assertEquals(3, cache.size());
    }

    @Test
    void theLeastRecentlyUsedEntryIsEvicted() {
        CompiledSchemas cache = new CompiledSchemas(2);
        CompiledSchema kept = cache.get("/buckets/a", "record:schema", 1, SCHEMA, IGNORED);
        cache.get("/buckets/b", "record:schema", 1, SCHEMA, IGNORED);
        assertSame(kept, cache.get("/buckets/a", "record:schema", 1, SCHEMA, IGNORED));
        cache.get("/buckets/c", "record:schema", 1, SCHEMA, IGNORED);
        assertEquals(2, cache.size());
        assertSame(kept, cache.get("/buckets/a", "record:schema", 1, SCHEMA, IGNORED));
        CompiledSchema recompiled = cache.get("/buckets/b", "record:schema", 1, SCHEMA, IGNORED);
        assertEquals(2, cache.size());
        assertNotSame(kept, recompiled);
    }

    @Test
    void aCompiledSchemaChecksWithoutItsIgnoredFields() {
        CompiledSchema schema = CompiledSchema.compile(Json.parseOrNull(
                "{\"properties\": {\"title\": {\"type\": \"string\"}}, \"required\": [\"id\", \"title\"],"
                        + " \"additionalProperties\": false}"), IGNORED);
        assertEquals(null, schema.check((com.fasterxml.jackson.databind.node.ObjectNode)
                Json.parseOrNull("{\"id\": \"x\", \"last_modified\": 1, \"title\": \"t\"}")));
        assertEquals(ValidationEntry.body("title", "'title' is a required property"),
                schema.check((com.fasterxml.jackson.databind.node.ObjectNode) Json.parseOrNull("{\"id\": \"x\"}")));
    }
}
