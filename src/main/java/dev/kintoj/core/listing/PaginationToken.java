package dev.kintoj.core.listing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.Fields;
import dev.kintoj.core.Json;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.RandomUuids;
import dev.kintoj.core.ValidationEntry;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.Operator;
import dev.kintoj.storage.Sort;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The {@code _token} of paginated lists (api.md §8.5): Base64 of {@code {"last_object", "offset", "nonce"}}.
 * {@code lastObject} holds the sort fields' values of the last object of the previous page.
 */
public record PaginationToken(ObjectNode lastObject, long offset, String nonce) {

    public static PaginationToken next(ObjectNode lastObject, long offset) {
        return new PaginationToken(lastObject, offset, "pagination-token-" + RandomUuids.next());
    }

    public String encode() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.set("last_object", lastObject);
        json.put("offset", offset);
        json.put("nonce", nonce);
        return Base64.getEncoder().encodeToString(Json.bytes(json));
    }

    public static PaginationToken decode(String token) {
        try {
            byte[] raw = token.indexOf('-') >= 0 || token.indexOf('_') >= 0
                    ? Base64.getUrlDecoder().decode(token) : Base64.getDecoder().decode(token);
            JsonNode json = Json.parseOrNull(new String(raw, StandardCharsets.UTF_8));
            if (json != null && json.isObject() && json.path("last_object").isObject()
                    && json.path("offset").isIntegralNumber() && json.path("nonce").isTextual()) {
                return new PaginationToken((ObjectNode) json.get("last_object"), json.get("offset").longValue(),
                        json.get("nonce").textValue());
            }
        } catch (IllegalArgumentException e) {
            // not Base64: same answer as any other malformed token
        }
        throw KintoError.invalid(new ValidationEntry("querystring", null, "_token has invalid content"));
    }

    /** The values of the sort fields in {@code object} (absent fields are left out). */
    public static ObjectNode lastObject(ObjectNode object, List<Sort> sorting) {
        ObjectNode values = JsonNodeFactory.instance.objectNode();
        for (Sort sort : sorting) {
            JsonNode value = Fields.resolve(object, sort.field());
            if (!value.isMissingNode()) {
                values.set(sort.field(), value);
            }
        }
        return values;
    }

    /** The OR of rules selecting what comes after {@code lastObject} in this order (api.md §8.5). */
    public List<List<Filter>> rules(List<Sort> sorting) {
        List<List<Filter>> rules = new ArrayList<>();
        for (int k = sorting.size() - 1; k >= 0; k--) {
            List<Filter> rule = new ArrayList<>();
            for (int i = 0; i < k; i++) {
                rule.add(new Filter(sorting.get(i).field(), valueOf(sorting.get(i).field()), Operator.EQ));
            }
            Sort last = sorting.get(k);
            rule.add(new Filter(last.field(), valueOf(last.field()), last.ascending() ? Operator.GT : Operator.LT));
            rules.add(rule);
        }
        return rules;
    }

    private JsonNode valueOf(String field) {
        JsonNode value = lastObject.get(field);
        return value == null ? MissingNode.getInstance() : value;
    }
}
