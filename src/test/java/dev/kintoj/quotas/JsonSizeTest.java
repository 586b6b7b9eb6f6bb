package dev.kintoj.quotas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.kintoj.core.Json;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Sizes as Kinto computes them: the expected values are the outputs of Python's
 * {@code json.dumps(value, sort_keys=True, separators=(",", ":"))}, taken from CPython.
 */
class JsonSizeTest {

    private static JsonNode parse(String json) throws Exception {
        return Json.MAPPER.readTree(json);
    }

    @Test
    void kintosOwnExamples() throws Exception {
        // tests/plugins/test_quotas.py: a collection and its record make 78 bytes.
        assertEquals(41, JsonSize.of(parse("{\"id\": \"collection-1\", \"last_modified\": 100}")));
        assertEquals(37, JsonSize.of(parse("{\"id\": \"record-1\", \"last_modified\": 110}")));
    }

    @Test
    void escapesAreCountedAsPythonWritesThem() throws Exception {
        // {"a\"b":"\\\n\t\u0001\u007f","k":[],"\u00e9":1.5e-05,"\ud83d\ude00":[true,false,null,{}]}
        String json = "{\"\u00e9\": 1.5e-5, \"a\\\"b\": \"\\\\\\n\\t\\u0001\\u007f\", \"\uD83D\uDE00\": [true, false, null, {}], \"k\": []}";
        assertEquals(89, JsonSize.of(parse(json)));
        // The same document read with doubles (as PostgreSQL's rows are) has the same size.
        assertEquals(89, JsonSize.of(new ObjectMapper().readTree(json)));
    }

    @Test
    void floatsAreWrittenAsPythonsRepr() {
        Map<Double, String> expected = Map.ofEntries(
                Map.entry(1.0, "1.0"), Map.entry(100.0, "100.0"), Map.entry(1e16, "1e+16"),
                Map.entry(1e15, "1000000000000000.0"), Map.entry(0.0001, "0.0001"), Map.entry(0.00001, "1e-05"),
                Map.entry(1.5e-5, "1.5e-05"), Map.entry(123.456, "123.456"), Map.entry(-0.0, "-0.0"),
                Map.entry(1e22, "1e+22"), Map.entry(1e-7, "1e-07"), Map.entry(0.1, "0.1"),
                Map.entry(1.0 / 3, "0.3333333333333333"), Map.entry(5e-324, "5e-324"),
                Map.entry(1.7976931348623157e308, "1.7976931348623157e+308"),
                Map.entry(12345678901234567.0, "1.2345678901234568e+16"), Map.entry(-2.5, "-2.5"));
        expected.forEach((value, repr) -> assertEquals(repr, JsonSize.pythonFloat(value), String.valueOf(value)));
    }

    @Test
    void decimalsFromRequestBodiesAreFloats() throws Exception {
        // Request bodies keep decimals as BigDecimal; Python reads them as floats: 1e2 is 100.0.
        assertEquals("{\"a\":100.0,\"b\":9007199254740992.0,\"c\":12345678901234567890}".length(),
                JsonSize.of(parse("{\"a\": 1e2, \"b\": 9007199254740993.0, \"c\": 12345678901234567890}")));
    }
}
