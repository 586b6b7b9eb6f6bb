package dev.kintoj.storage;

import java.util.List;
import java.util.Objects;

/**
 * What to select in a list: AND-ed filters, the order, pagination rules (an OR of AND-ed filters, from a
 * pagination token) and the maximum number of rows ({@code null}: the backend's own maximum).
 */
public record ListQuery(List<Filter> filters, List<Sort> sorting, List<List<Filter>> paginationRules, Integer limit) {

    public static final ListQuery ALL = new ListQuery(List.of(), List.of(), List.of(), null);

    public ListQuery {
        filters = List.copyOf(filters);
        sorting = List.copyOf(sorting);
        paginationRules = List.copyOf(paginationRules);
    }

    public static ListQuery filtered(List<Filter> filters) {
        return new ListQuery(filters, List.of(), List.of(), null);
    }

    // equals and hashCode written out, as in Storage.Key: a page read ahead is kept under its query.

    @Override
    public boolean equals(Object other) {
        return other instanceof ListQuery query && filters.equals(query.filters) && sorting.equals(query.sorting)
                && paginationRules.equals(query.paginationRules) && Objects.equals(limit, query.limit);
    }

    @Override
    public int hashCode() {
        return ((filters.hashCode() * 31 + sorting.hashCode()) * 31 + paginationRules.hashCode()) * 31
                + Objects.hashCode(limit);
    }
}
