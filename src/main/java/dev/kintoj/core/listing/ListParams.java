package dev.kintoj.core.listing;

import dev.kintoj.storage.Filter;
import dev.kintoj.storage.Sort;

import java.util.List;

/**
 * The parsed query string of a plural request (api.md §8). {@code limit}: the {@code _limit} asked for (null or 0:
 * none); {@code fields}: the {@code _fields} asked for, or null; {@code token}: the decoded {@code _token}, or null.
 * {@code includesTombstones}: a filter on {@code last_modified} is present.
 */
public record ListParams(List<Filter> filters, List<Sort> sorting, Integer limit, PaginationToken token,
                         List<String> fields, boolean includesTombstones, boolean deprecatedTo) {
}
