package dev.kintoj.storage.memory;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintoj.storage.FieldPath;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * PostgreSQL's jsonb ordering, which the contract follows (storage.md §3.4): null &lt; strings &lt; numbers &lt;
 * booleans &lt; arrays &lt; objects &lt; missing. Strings compare by code point, numbers numerically (so 1 equals 1.0),
 * false before true. A missing field is the greatest value, which makes every filter and pagination rule a plain
 * comparison (storage.md §3.3 and §3.5).
 */
public final class JsonOrder implements Comparator<JsonNode> {

    public static final JsonOrder INSTANCE = new JsonOrder();

    private JsonOrder() {
    }

    public static boolean isMissing(JsonNode node) {
        return node == null || node.isMissingNode();
    }

    /** Resolves a dotted path; see {@link FieldPath}. */
    public static JsonNode resolve(JsonNode object, String dottedField) {
        return FieldPath.resolve(object, dottedField);
    }

    private static int rank(JsonNode node) {
        if (isMissing(node)) {
            return 7;
        }
        return switch (node.getNodeType()) {
            case NULL -> 0;
            case STRING, BINARY -> 1;
            case NUMBER -> 2;
            case BOOLEAN -> 3;
            case ARRAY -> 4;
            case OBJECT, POJO -> 5;
            default -> 6;
        };
    }

    @Override
    public int compare(JsonNode a, JsonNode b) {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return switch (ra) {
            case 1 -> compareCodePoints(a.asText(), b.asText());
            case 2 -> compareNumbers(a, b);
            case 3 -> Boolean.compare(a.booleanValue(), b.booleanValue());
            case 4 -> compareArrays(a, b);
            case 5 -> compareObjects(a, b);
            default -> 0;
        };
    }

    public boolean equal(JsonNode a, JsonNode b) {
        return compare(a, b) == 0;
    }

    /** Integers that fit a long, the usual case, without the two BigDecimals an exact comparison makes. */
    private static int compareNumbers(JsonNode a, JsonNode b) {
        if (a.isIntegralNumber() && b.isIntegralNumber() && a.canConvertToLong() && b.canConvertToLong()) {
            return Long.compare(a.longValue(), b.longValue());
        }
        return a.decimalValue().compareTo(b.decimalValue());
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private int compareArrays(JsonNode a, JsonNode b) {
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        for (int i = 0; i < a.size(); i++) {
            int c = compare(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private int compareObjects(JsonNode a, JsonNode b) {
        if (a.size() != b.size()) {
            return Integer.compare(a.size(), b.size());
        }
        List<String> keysA = sortedKeys(a);
        List<String> keysB = sortedKeys(b);
        for (int i = 0; i < keysA.size(); i++) {
            int c = compareCodePoints(keysA.get(i), keysB.get(i));
            if (c != 0) {
                return c;
            }
        }
        for (String key : keysA) {
            int c = compare(a.get(key), b.get(key));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static List<String> sortedKeys(JsonNode node) {
        List<String> keys = new ArrayList<>(node.size());
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            keys.add(it.next());
        }
        keys.sort(JsonOrder::compareCodePoints);
        return keys;
    }
}
