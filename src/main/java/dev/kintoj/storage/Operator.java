package dev.kintoj.storage;

/** Filter operators of Kinto's query language (api.md §8.2). */
public enum Operator {
    EQ, NOT, LT, MAX, GT, MIN, IN, EXCLUDE, LIKE, HAS, CONTAINS, CONTAINS_ANY;

    /** The query-string prefix of this operator, e.g. {@code contains_any}. */
    public String prefix() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
