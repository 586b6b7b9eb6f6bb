package dev.kintoj.storage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One condition on a field. {@code field} is a dotted path ({@code id} and {@code last_modified} are the
 * columns). For IN/EXCLUDE/CONTAINS/CONTAINS_ANY the value is an array node. A {@code MissingNode} value
 * means "the field is absent" (used by pagination rules, storage.md §3.5).
 */
public record Filter(String field, JsonNode value, Operator operator) {
}
