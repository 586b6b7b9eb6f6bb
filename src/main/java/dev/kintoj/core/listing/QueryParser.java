package dev.kintoj.core.listing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kintoj.core.Json;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.PythonRepr;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.Operator;
import dev.kintoj.storage.Sort;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the query string of plural endpoints into filters, sorting and paging (api.md §8). */
public final class QueryParser {

    private static final Pattern FILTER = Pattern.compile(
            "^(lt|min|max|not|eq|gt|in|exclude|like|has|contains_any|contains)_([\\w.]+)$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern SORT_ENTRY = Pattern.compile("^[-+]?[\\w.]+$", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern DIGITS = Pattern.compile("^[0-9]+$");
    private static final long DAY = 24L * 3600 * 1000;
    private static final String ID = "id";
    private static final String LAST_MODIFIED = "last_modified";

    private final LongSupplier clock;

    public QueryParser(LongSupplier clock) {
        this.clock = clock;
    }

    /**
     * Checks the parameters whose types the reference validates before anything else ({@code _limit}, {@code _since},
     * {@code _before}, {@code _to}, {@code last_modified}, NUL characters).
     */
    public void validateTyped(List<Map.Entry<String, String>> query) {
        for (Map.Entry<String, String> param : query) {
            String name = param.getKey().strip();
            String value = param.getValue();
            if (name.indexOf('\0') >= 0 || value.indexOf('\0') >= 0) {
                throw KintoError.invalidQuery(name, "Invalid character 0x00");
            }
            if (absent(name, value)) {
                continue;
            }
            switch (name) {
                case "_limit", "_since", "_before", "_to", LAST_MODIFIED -> typedInteger(name, value);
                case ID -> typedString(value);
                default -> {
                }
            }
        }
    }

    /**
     * Kinto's query schema drops the parameters it declares when their value is empty, as if they were not sent
     * ({@code _limit=}, {@code _fields=}...); undeclared ones (filters on other fields) keep their empty value.
     */
    public static boolean absent(String name, String value) {
        return value.isEmpty() && switch (name) {
            case "_limit", "_since", "_before", "_to", "_fields", "_sort", "_token", ID, LAST_MODIFIED -> true;
            default -> false;
        };
    }

    /**
     * Object ids are strings in Kinto's query schema: a value that reads as another JSON type is refused, except
     * the falsy ones ({@code 0}, {@code false}, {@code null}, {@code []}, {@code {}}), which its schema drops.
     */
    private static void typedString(String raw) {
        JsonNode value = jsonOrString(raw);
        if (value.isTextual() || falsy(value)) {
            return;
        }
        throw KintoError.invalidQuery(ID, PythonRepr.of(value) + " is not a string: {'id': ''}");
    }

    /** Whether the parameter counts (see {@link #absent}); a dropped {@code id} also covers its falsy values. */
    private static boolean present(String name, String raw) {
        if (absent(name, raw)) {
            return false;
        }
        if (!name.equals(ID)) {
            return true;
        }
        JsonNode value = jsonOrString(raw);
        return value.isTextual() || !falsy(value);
    }

    private static boolean falsy(JsonNode value) {
        return value.isNull() || (value.isContainerNode() && value.isEmpty())
                || (value.isBoolean() && !value.booleanValue()) || (value.isNumber() && value.doubleValue() == 0);
    }

    /** The integer value of {@code _limit}/{@code _since}/...: digits, optionally quoted; null for {@code null}. */
    public static Long typedInteger(String name, String raw) {
        String value = raw.trim();
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        if (value.equals("null") && !name.equals("_limit") && !name.equals(LAST_MODIFIED)) {
            return null;
        }
        if (!value.matches("^[-+]?[0-9]+$")) {
            throw KintoError.invalidQuery(name, "\"" + raw + "\" is not a number");
        }
        BigInteger number = new BigInteger(value);
        if (number.signum() < 0) {
            throw KintoError.invalidQuery(name, number + " is less than minimum value 0");
        }
        if (number.bitLength() > 62) {
            throw KintoError.invalidQuery(name, "Invalid value for " + name);
        }
        return number.longValue();
    }

    public ListParams parse(List<Map.Entry<String, String>> query) {
        List<Filter> filters = new ArrayList<>();
        List<Sort> sorting = new ArrayList<>();
        Integer limit = null;
        PaginationToken token = null;
        List<String> fields = null;
        boolean tombstones = false;
        boolean deprecatedTo = false;
        for (Map.Entry<String, String> param : query) {
            String name = param.getKey().strip();
            String raw = param.getValue();
            if (!present(name, raw)) {
                continue;
            }
            switch (name) {
                case "_limit" -> limit = (int) Math.min(Integer.MAX_VALUE, typedInteger(name, raw));
                case "_sort" -> sorting = parseSort(raw);
                case "_token" -> token = raw.isEmpty() ? null : PaginationToken.decode(raw);
                case "_fields" -> fields = splitFields(raw);
                case "_since", "_before", "_to" -> {
                    Long bound = typedInteger(name, raw);
                    tombstones = true;
                    deprecatedTo |= name.equals("_to");
                    if (bound != null) {
                        checkTimestampRange(name, bound);
                        filters.add(new Filter(LAST_MODIFIED, LongNode.valueOf(bound),
                                name.equals("_since") ? Operator.GT : Operator.LT));
                    }
                }
                default -> {
                    if (name.startsWith("_")) {
                        continue;
                    }
                    Filter filter = parseFilter(name, raw);
                    tombstones |= filter.field().equals(LAST_MODIFIED);
                    filters.add(filter);
                }
            }
        }
        if (sorting.stream().noneMatch(s -> s.field().equals(LAST_MODIFIED))) {
            sorting = new ArrayList<>(sorting);
            sorting.add(new Sort(LAST_MODIFIED, false));
        }
        return new ListParams(filters, sorting, limit, token, fields, tombstones, deprecatedTo);
    }

    private static List<Sort> parseSort(String raw) {
        List<Sort> sorting = new ArrayList<>();
        for (String entry : raw.split(",")) {
            String field = entry.trim();
            if (!SORT_ENTRY.matcher(field).matches()) {
                continue;
            }
            boolean ascending = !field.startsWith("-");
            if (field.startsWith("-") || field.startsWith("+")) {
                field = field.substring(1);
            }
            sorting.add(new Sort(field, ascending));
        }
        return sorting;
    }

    private static List<String> splitFields(String raw) {
        List<String> fields = new ArrayList<>();
        for (String field : raw.split(",")) {
            if (!field.trim().isEmpty()) {
                fields.add(field.trim());
            }
        }
        return fields;
    }

    Filter parseFilter(String param, String raw) {
        Matcher m = FILTER.matcher(param);
        Operator operator = m.matches() ? Operator.valueOf(m.group(1).toUpperCase(java.util.Locale.ROOT)) : Operator.EQ;
        String field = m.matches() ? m.group(2) : param;
        JsonNode value = switch (operator) {
            case IN, EXCLUDE -> {
                ArrayNode values = JsonNodeFactory.instance.arrayNode();
                for (String part : raw.split(",", -1)) {
                    values.add(jsonOrString(part));
                }
                yield values;
            }
            case CONTAINS, CONTAINS_ANY -> {
                JsonNode parsed = jsonOrString(raw);
                yield parsed.isArray() ? parsed : JsonNodeFactory.instance.arrayNode().add(parsed);
            }
            default -> jsonOrString(raw);
        };
        if ((operator == Operator.CONTAINS || operator == Operator.CONTAINS_ANY)
                && (field.equals(ID) || field.equals(LAST_MODIFIED))) {
            throw KintoError.invalidQuery(param, "Field '" + field + "' is not an array");
        }
        if (field.equals(LAST_MODIFIED)) {
            return new Filter(field, timestampValue(param, operator, value), operator);
        }
        if (field.equals(ID)) {
            value = idValue(param, operator, value);
        }
        if (operator == Operator.LIKE && !value.isTextual()) {
            throw KintoError.invalidQuery(param, "Invalid value for " + param);
        }
        if (operator == Operator.HAS) {
            value = JsonNodeFactory.instance.booleanNode(truthy(value));
        }
        return new Filter(field, value, operator);
    }

    private static JsonNode idValue(String param, Operator operator, JsonNode value) {
        if (operator == Operator.IN || operator == Operator.EXCLUDE) {
            for (JsonNode element : value) {
                if (!element.isTextual()) {
                    throw KintoError.invalidQuery(param, "Invalid value for " + param);
                }
            }
            return value;
        }
        if (value.isNumber()) {
            return TextNode.valueOf(value.asText());
        }
        return value;
    }

    private JsonNode timestampValue(String param, Operator operator, JsonNode value) {
        if (operator == Operator.IN || operator == Operator.EXCLUDE || operator == Operator.HAS) {
            throw KintoError.invalidQuery(param, "Invalid value for " + param);
        }
        long timestamp;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            timestamp = value.longValue();
        } else if (value.isTextual() && DIGITS.matcher(value.textValue()).matches() && value.textValue().length() < 19) {
            timestamp = Long.parseLong(value.textValue());
        } else {
            throw KintoError.invalidQuery(param, "Invalid value for " + param);
        }
        if (timestamp < 0) {
            throw KintoError.invalidQuery(param, "Invalid value for " + param);
        }
        checkTimestampRange(param, timestamp);
        return LongNode.valueOf(timestamp);
    }

    private void checkTimestampRange(String param, long timestamp) {
        if (timestamp >= clock.getAsLong() + DAY) {
            throw KintoError.invalidQuery(param, "Invalid value for " + param);
        }
    }

    /** Kinto's truthiness for {@code has_}: false, 0, null and "" are false (also the strings "false" and "0"). */
    private static boolean truthy(JsonNode value) {
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isNumber()) {
            return value.doubleValue() != 0;
        }
        if (value.isNull()) {
            return false;
        }
        if (value.isTextual()) {
            String text = value.textValue().toLowerCase(java.util.Locale.ROOT);
            return !(text.isEmpty() || text.equals("false") || text.equals("0") || text.equals("no") || text.equals("off"));
        }
        return !value.isEmpty();
    }

    /** A query value: JSON when it parses as JSON, the raw string otherwise (api.md §8.1). */
    static JsonNode jsonOrString(String raw) {
        JsonNode integer = plainInteger(raw);
        if (integer != null) {
            return integer;
        }
        if (!raw.isEmpty() && cannotStartJson(raw.charAt(0))) {
            return TextNode.valueOf(raw);
        }
        JsonNode parsed = Json.parseOrNull(raw);
        return parsed == null ? TextNode.valueOf(raw) : parsed;
    }

    /**
     * The node the mapper makes of a short integer literal ({@code 20}, {@code -3}), or null for anything else. Most
     * filter values are such numbers or plain words; for these the parser's setup, and for words the exception it
     * throws, cost more than the filter (in the native binary especially).
     */
    private static JsonNode plainInteger(String raw) {
        int length = raw.length();
        int start = length > 0 && raw.charAt(0) == '-' ? 1 : 0;
        int digits = length - start;
        if (digits < 1 || digits > 9 || (digits > 1 && raw.charAt(start) == '0')) {
            return null;
        }
        for (int i = start; i < length; i++) {
            char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        return IntNode.valueOf(Integer.parseInt(raw));
    }

    /** An ASCII letter or sign that no JSON text begins with (not whitespace, a digit, {@code -}, brackets, quote, t, f, n). */
    private static boolean cannotStartJson(char first) {
        if ((first >= 'a' && first <= 'z') || (first >= 'A' && first <= 'Z')) {
            return first != 't' && first != 'f' && first != 'n';
        }
        return first < 0x80 && "_.*~!#$%&'()+,/:;<=>?@\\^`|".indexOf(first) >= 0;
    }
}
