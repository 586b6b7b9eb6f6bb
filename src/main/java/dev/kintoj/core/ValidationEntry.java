package dev.kintoj.core;

/** One entry of a 400's {@code details}: where ({@code body}, {@code querystring}, {@code header}, {@code path}). */
public record ValidationEntry(String location, String name, String description) {

    public static ValidationEntry body(String name, String description) {
        return new ValidationEntry("body", name, description);
    }

    public static ValidationEntry query(String name, String description) {
        return new ValidationEntry("querystring", name, description);
    }

    public static ValidationEntry header(String name, String description) {
        return new ValidationEntry("header", name, description);
    }
}
