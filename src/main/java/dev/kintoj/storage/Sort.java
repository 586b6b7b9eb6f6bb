package dev.kintoj.storage;

import java.util.Objects;

/** One ordering criterion; missing fields sort after every value. */
public record Sort(String field, boolean ascending) {

    // equals and hashCode written out, as in Storage.Key: part of a ListQuery.

    @Override
    public boolean equals(Object other) {
        return other instanceof Sort sort && ascending == sort.ascending && Objects.equals(field, sort.field);
    }

    @Override
    public int hashCode() {
        return Objects.hashCode(field) * 31 + Boolean.hashCode(ascending);
    }
}
