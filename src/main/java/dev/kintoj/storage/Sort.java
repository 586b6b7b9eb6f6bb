package dev.kintoj.storage;

/** One ordering criterion; missing fields sort after every value. */
public record Sort(String field, boolean ascending) {
}
