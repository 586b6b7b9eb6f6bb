package dev.kintoj.storage.postgresql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kintoj.postgresql.LikePatterns;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.Operator;
import dev.kintoj.storage.Sort;
import dev.kintoj.storage.memory.JsonOrder;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates filters, pagination rules and orderings into SQL on the {@code objects} table (storage.md §3), with
 * the same results as the in-memory backend: jsonb comparisons are typed, a missing field is SQL NULL and sorts
 * after every value. Field names and values are bound as parameters; the SQL text depends only on the shape of
 * the query, so prepared statements are reused.
 */
final class SqlConditions {

    private static final String ID = "id";
    private static final String LAST_MODIFIED = "last_modified";
    private static final JsonOrder ORDER = JsonOrder.INSTANCE;

    private final List<Object> parameters;

    SqlConditions(List<Object> parameters) {
        this.parameters = parameters;
    }

    /** {@code $n} for a new parameter. */
    String bind(Object value) {
        parameters.add(value);
        return "$" + parameters.size();
    }

    String allOf(List<Filter> filters) {
        if (filters.isEmpty()) {
            return "TRUE";
        }
        List<String> parts = new ArrayList<>(filters.size());
        for (Filter filter : filters) {
            parts.add(condition(filter));
        }
        return "(" + String.join(" AND ", parts) + ")";
    }

    /**
     * The filters of a list page, AND-ed: those on {@code id} and {@code last_modified} as {@link #allOf} writes them
     * (they are index conditions: a key lookup, the {@code _since} range), those on data fields behind one
     * {@code CASE}, which the planner estimates to keep half of the rows.
     * <p>
     * Why: the planner has no statistics on jsonb paths, so it guesses that a data filter keeps a handful of rows
     * (1% for {@code @>}, 0.5% for {@code =}, less for both; the same with a value it cannot see, in a generic
     * plan). Expecting a few matches, it read the whole list through the narrowest index and sorted it rather than
     * walk the list's index in order and stop at the page's end: on a 1M-record list where 10% match
     * {@code status=closed}, about 1 s instead of 0.2 ms for an 11-object page, with the generic plan PostgreSQL
     * keeps for the statement. Half the rows makes the ordered walk the plan whatever the list's size or statistics.
     * Its worst case, a filter matching nothing, reads the whole list in index order (0.6 s on that list, where a
     * custom plan's sequential scan and sort took 0.26 s and the generic plan 0.7 s): in proportion to the list,
     * as the sort always was, even for an 11-object page that the walk finds in its first rows.
     */
    String allOfInPage(List<Filter> filters) {
        List<String> visible = new ArrayList<>();
        List<Filter> data = new ArrayList<>();
        for (Filter filter : filters) {
            if (filter.field().equals(ID) || filter.field().equals(LAST_MODIFIED)) {
                visible.add(condition(filter));
            } else {
                data.add(filter);
            }
        }
        if (!data.isEmpty()) {
            // Not simplified away by the planner: a CASE is an opaque boolean expression (selectivity 0.5).
            visible.add("CASE WHEN " + allOf(data) + " THEN TRUE ELSE FALSE END");
        }
        return visible.isEmpty() ? "TRUE" : "(" + String.join(" AND ", visible) + ")";
    }

    String anyOf(List<List<Filter>> rules) {
        if (rules.isEmpty()) {
            return "TRUE";
        }
        List<String> parts = new ArrayList<>(rules.size());
        for (List<Filter> rule : rules) {
            parts.add(allOf(rule));
        }
        return "(" + String.join(" OR ", parts) + ")";
    }

    String orderBy(List<Sort> sorting) {
        return orderBy(sorting, false);
    }

    /**
     * {@code oneList}: the rows are those of one list, whose timestamps are unique (the unique index on
     * {@code (parent_id, resource_name, last_modified)}), so the order needs no tie-break on {@code id}. Without one,
     * the default order is exactly that index's: a plan reads the list in order and stops at the page's end, with
     * no sort in between. With one, a plan made when the list looked small (a generic plan kept from before the list
     * grew) put a full Sort over the index scan, which then read the whole list for every page.
     */
    String orderBy(List<Sort> sorting, boolean oneList) {
        List<String> parts = new ArrayList<>();
        boolean byLastModified = false;
        for (Sort sort : sorting) {
            // Qualified: the select lists name their epoch value last_modified, which ORDER BY would take instead of
            // the column, losing the (parent_id, resource_name, last_modified) index.
            String expression = switch (sort.field()) {
                case ID -> "objects.id";
                case LAST_MODIFIED -> "objects.last_modified";
                default -> field(sort.field());
            };
            byLastModified |= sort.field().equals(LAST_MODIFIED);
            parts.add(expression + (sort.ascending() ? " ASC" : " DESC"));
        }
        if (!byLastModified) {
            parts.add("objects.last_modified DESC");
        }
        if (!oneList) {
            parts.add("objects.id ASC");
        }
        return String.join(", ", parts);
    }

    private String condition(Filter filter) {
        return switch (filter.field()) {
            case ID -> idCondition(filter);
            case LAST_MODIFIED -> lastModifiedCondition(filter);
            default -> dataCondition(filter);
        };
    }

    // ---------------------------------------------------------------- data fields (jsonb)

    private String field(String dotted) {
        return "(data #> " + bind(dotted.split("\\.", -1)) + "::text[])";
    }

    private String dataCondition(Filter filter) {
        JsonNode value = filter.value();
        Operator operator = filter.operator();
        if (JsonOrder.isMissing(value)) {
            return againstMissing(field(filter.field()), operator);
        }
        String f = field(filter.field());
        return switch (operator) {
            case EQ -> value.isContainerNode()
                    ? f + " = " + jsonb(value)
                    // Containment lets a GIN index on data answer equality on large collections.
                    : "(data @> " + jsonb(nested(filter.field(), value)) + " AND " + f + " = " + jsonb(value) + ")";
            case NOT -> "(" + f + " IS NULL OR " + f + " <> " + jsonb(value) + ")";
            case LT -> f + " < " + jsonb(value);
            case MAX -> f + " <= " + jsonb(value);
            case GT -> "(" + f + " IS NULL OR " + f + " > " + jsonb(value) + ")";
            case MIN -> "(" + f + " IS NULL OR " + f + " >= " + jsonb(value) + ")";
            case IN -> f + " = ANY(" + jsonbArray(value) + ")";
            case EXCLUDE -> "(" + f + " IS NULL OR NOT (" + f + " = ANY(" + jsonbArray(value) + ")))";
            case HAS -> f + (value.asBoolean() ? " IS NOT NULL" : " IS NULL");
            case LIKE -> "((data #>> " + bind(filter.field().split("\\.", -1)) + "::text[]) ILIKE " + bind(likePattern(value.asText())) + ")";
            case CONTAINS -> "(jsonb_typeof(" + f + ") = 'array' AND " + f + " @> " + jsonb(value) + ")";
            case CONTAINS_ANY -> "(jsonb_typeof(" + f + ") = 'array' AND EXISTS (SELECT 1 FROM jsonb_array_elements("
                    + f + ") AS element WHERE element = ANY(" + jsonbArray(value) + ")))";
        };
    }

    private String jsonb(JsonNode value) {
        return bind(value.toString()) + "::text::jsonb";
    }

    private String jsonbArray(JsonNode values) {
        String[] texts = new String[values.size()];
        for (int i = 0; i < texts.length; i++) {
            texts[i] = values.get(i).toString();
        }
        return bind(texts) + "::text[]::jsonb[]";
    }

    private static ObjectNode nested(String dotted, JsonNode value) {
        String[] steps = dotted.split("\\.", -1);
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        ObjectNode current = root;
        for (int i = 0; i < steps.length - 1; i++) {
            current = current.putObject(steps[i]);
        }
        current.set(steps[steps.length - 1], value);
        return root;
    }

    /** ILIKE pattern: {@code *} is the wildcard, surrounded by wildcards when it has none; the rest is literal. */
    static String likePattern(String value) {
        String pattern = LikePatterns.glob(value);
        return value.indexOf('*') >= 0 ? pattern : "%" + pattern + "%";
    }

    /** storage.md §3.5: a missing value is greater than every value and equal to a missing field. */
    private static String againstMissing(String f, Operator operator) {
        return switch (operator) {
            case EQ, MIN -> f + " IS NULL";
            case NOT, LT -> f + " IS NOT NULL";
            case MAX -> "TRUE";
            default -> "FALSE";
        };
    }

    // ---------------------------------------------------------------- id and last_modified columns

    private String idCondition(Filter filter) {
        JsonNode value = filter.value();
        return switch (filter.operator()) {
            case IN, EXCLUDE -> {
                List<String> ids = new ArrayList<>();
                value.forEach(v -> {
                    if (v.isTextual()) {
                        ids.add(v.textValue());
                    }
                });
                yield memberOf("id", ids.toArray(String[]::new), "text[]", filter.operator());
            }
            case HAS -> value.asBoolean() ? "TRUE" : "FALSE";
            case LIKE -> "(id ILIKE " + bind(likePattern(value.asText())) + ")";
            case CONTAINS, CONTAINS_ANY -> "FALSE";
            default -> value.isTextual()
                    ? "id " + comparison(filter.operator()) + " " + bind(value.textValue())
                    : constant(TextNode.valueOf(""), value, filter.operator());
        };
    }

    private String lastModifiedCondition(Filter filter) {
        JsonNode value = filter.value();
        return switch (filter.operator()) {
            case IN, EXCLUDE -> {
                List<Long> timestamps = new ArrayList<>();
                value.forEach(v -> {
                    if (v.isIntegralNumber() && v.canConvertToLong()) {
                        timestamps.add(v.longValue());
                    }
                });
                yield memberOf("as_epoch(last_modified)", timestamps.toArray(Long[]::new), "bigint[]", filter.operator());
            }
            case HAS -> value.asBoolean() ? "TRUE" : "FALSE";
            case LIKE -> "(as_epoch(last_modified)::text ILIKE " + bind(likePattern(value.asText())) + ")";
            case CONTAINS, CONTAINS_ANY -> "FALSE";
            default -> {
                if (value.isIntegralNumber() && value.canConvertToLong()) {
                    // On the column itself, so that the (parent_id, resource_name, last_modified) index serves _since.
                    yield "last_modified " + comparison(filter.operator()) + " from_epoch(" + bind(value.longValue()) + "::bigint)";
                }
                if (value.isNumber()) {
                    yield "as_epoch(last_modified) " + comparison(filter.operator()) + " " + bind(value.decimalValue().toPlainString()) + "::numeric";
                }
                yield constant(LongNode.valueOf(0), value, filter.operator());
            }
        };
    }

    /** IN / EXCLUDE on a column; values of another type than the column's were left out (they never match). */
    private String memberOf(String column, Object[] values, String arrayType, Operator operator) {
        String in = column + " = ANY(" + bind(values) + "::" + arrayType + ")";
        return operator == Operator.IN ? in : "NOT (" + in + ")";
    }

    /** A comparison between a column of one JSON type and a value of another is decided by the type order alone. */
    private static String constant(JsonNode columnSample, JsonNode value, Operator operator) {
        int sign = Integer.signum(ORDER.compare(columnSample, value));
        boolean result = switch (operator) {
            case EQ -> sign == 0;
            case NOT -> sign != 0;
            case LT -> sign < 0;
            case MAX -> sign <= 0;
            case GT -> sign > 0;
            case MIN -> sign >= 0;
            default -> false;
        };
        return result ? "TRUE" : "FALSE";
    }

    private static String comparison(Operator operator) {
        return switch (operator) {
            case EQ -> "=";
            case NOT -> "<>";
            case LT -> "<";
            case MAX -> "<=";
            case GT -> ">";
            case MIN -> ">=";
            default -> throw new IllegalArgumentException("Not a comparison: " + operator);
        };
    }
}
