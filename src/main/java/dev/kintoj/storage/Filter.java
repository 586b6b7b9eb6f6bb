package dev.kintoj.storage;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * One condition on a field. {@code field} is a dotted path ({@code id} and {@code last_modified} are the
 * columns). For IN/EXCLUDE/CONTAINS/CONTAINS_ANY the value is an array node. A {@code MissingNode} value
 * means "the field is absent" (used by pagination rules, storage.md §3.5).
 */
public record Filter(String field, JsonNode value, Operator operator) {

    // equals and hashCode written out, as in Storage.Key: part of a ListQuery.

    @Override
    public boolean equals(Object other) {
        return other instanceof Filter filter && Objects.equals(field, filter.field)
                && Objects.equals(value, filter.value) && operator == filter.operator;
    }

    @Override
    public int hashCode() {
        return (Objects.hashCode(field) * 31 + Objects.hashCode(value)) * 31 + Objects.hashCode(operator);
    }
}
