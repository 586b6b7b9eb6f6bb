package dev.kintoj.storage.memory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PostgreSQL jsonb ordering as implemented by {@link JsonOrder} (storage.md §3.4). */
class JsonOrderTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonOrder ORDER = JsonOrder.INSTANCE;

    private static JsonNode json(String text) {
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static void assertLess(String smaller, String greater) {
        assertLess(json(smaller), json(greater));
    }

    private static void assertLess(JsonNode smaller, JsonNode greater) {
        assertTrue(ORDER.compare(smaller, greater) < 0, smaller + " should be < " + greater);
        assertTrue(ORDER.compare(greater, smaller) > 0, greater + " should be > " + smaller);
    }

    @Test
    void typesAreOrderedNullStringNumberBooleanArrayObjectMissing() {
        List<JsonNode> expected = List.of(json("null"), json("\"zzz\""), json("-5"), json("false"), json("[]"),
                json("{}"), MissingNode.getInstance());
        List<JsonNode> shuffled = new ArrayList<>(expected);
        Collections.reverse(shuffled);
        Collections.swap(shuffled, 1, 4);

        shuffled.sort(ORDER);

        assertEquals(expected, shuffled);
        assertLess("\"99\"", "1");
        assertLess("1000000", "false");
        assertLess("true", "[]");
        assertLess(json("{}"), MissingNode.getInstance());
    }

    @Test
    void numbersCompareNumericallyAcrossRepresentations() {
        assertTrue(ORDER.equal(IntNode.valueOf(1), DoubleNode.valueOf(1.0)));
        assertTrue(ORDER.equal(LongNode.valueOf(1), DecimalNode.valueOf(new BigDecimal("1.00"))));
        assertEquals(0, ORDER.compare(json("1"), json("1.0")));
        assertLess("1", "1.5");
        assertLess("-2", "-1");
        assertLess("2", "10");
        assertLess("9007199254740993", "9007199254740994");
        // Integers compare as longs when both fit one, exactly otherwise.
        assertLess("1", "2147483648");
        assertLess("-9223372036854775808", "9223372036854775807");
        assertLess("9223372036854775807", "9223372036854775808");
        assertLess("-9223372036854775809", "-9223372036854775808");
        assertLess("9223372036854775807", "9223372036854775807.5");
        assertTrue(ORDER.equal(IntNode.valueOf(5), LongNode.valueOf(5)));
        assertFalse(ORDER.equal(json("1"), json("\"1\"")));
        assertFalse(ORDER.equal(json("1"), json("true")));
    }

    @Test
    void stringsCompareByCodePoint() {
        assertLess("\"B\"", "\"a\"");
        assertLess("\"a\"", "\"aa\"");
        assertLess("\"\"", "\"a\"");
        assertLess("\"z\"", "\"é\"");
        assertLess(TextNode.valueOf("\uFFFF"), TextNode.valueOf(new String(Character.toChars(0x1F600))));
        assertTrue(ORDER.equal(json("\"same\""), json("\"same\"")));
    }

    @Test
    void booleansPutFalseFirst() {
        assertLess("false", "true");
        assertTrue(ORDER.equal(json("true"), json("true")));
    }

    @Test
    void arraysCompareByLengthThenElements() {
        assertLess("[]", "[1]");
        assertLess("[5]", "[1, 2]");
        assertLess("[1, 2]", "[1, 3]");
        assertLess("[\"x\"]", "[1]");
        assertTrue(ORDER.equal(json("[1, [2]]"), json("[1.0, [2]]")));
    }

    @Test
    void objectsCompareBySizeThenContent() {
        assertLess("{\"z\": 1}", "{\"a\": 1, \"b\": 1}");
        assertLess("{\"a\": 1}", "{\"a\": 2}");
        assertTrue(ORDER.equal(json("{\"a\": 1, \"b\": [1]}"), json("{\"b\": [1.0], \"a\": 1}")));
        assertFalse(ORDER.equal(json("{\"a\": 1}"), json("{\"b\": 1}")));
    }

    @Test
    void missingEqualsMissingAndJavaNullIsMissing() {
        assertTrue(JsonOrder.isMissing(null));
        assertTrue(JsonOrder.isMissing(MissingNode.getInstance()));
        assertFalse(JsonOrder.isMissing(NullNode.getInstance()));
        assertEquals(0, ORDER.compare(MissingNode.getInstance(), null));
        assertLess(NullNode.getInstance(), MissingNode.getInstance());
    }

    @Test
    void resolveFollowsDottedPaths() {
        JsonNode object = json("{\"a\": {\"b\": {\"c\": 1}, \"n\": null}, \"s\": \"text\", \"l\": [{\"x\": 1}], \"id\": \"r1\"}");

        assertEquals(json("1"), JsonOrder.resolve(object, "a.b.c"));
        assertEquals(json("{\"c\": 1}"), JsonOrder.resolve(object, "a.b"));
        assertEquals(json("\"r1\""), JsonOrder.resolve(object, "id"));
        assertTrue(JsonOrder.resolve(object, "a.n").isNull());
    }

    @Test
    void resolveGivesMissingForAbsentStepsAndStepsIntoNonObjects() {
        JsonNode object = json("{\"a\": {\"b\": 1, \"n\": null}, \"s\": \"text\", \"l\": [{\"x\": 1}]}");

        assertTrue(JsonOrder.resolve(object, "zz").isMissingNode());
        assertTrue(JsonOrder.resolve(object, "a.zz").isMissingNode());
        assertTrue(JsonOrder.resolve(object, "a.b.c").isMissingNode());
        assertTrue(JsonOrder.resolve(object, "a.n.x").isMissingNode());
        assertTrue(JsonOrder.resolve(object, "s.length").isMissingNode());
        assertTrue(JsonOrder.resolve(object, "l.0").isMissingNode());
        assertTrue(JsonOrder.resolve(object, "l.x").isMissingNode());
    }
}
