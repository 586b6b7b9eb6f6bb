package dev.kintoj.core;

/**
 * A parsed {@code If-Match} / {@code If-None-Match} header: {@code *} or a quoted timestamp (api.md §6.1).
 * {@code null} header values parse to null.
 */
public record Precondition(boolean any, long timestamp) {

    public static Precondition parse(String header, String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (v.equals("*")) {
            return new Precondition(true, 0);
        }
        if (v.length() > 2 && v.length() < 21 && v.startsWith("\"") && v.endsWith("\"")
                && v.substring(1, v.length() - 1).chars().allMatch(Character::isDigit)) {
            return new Precondition(false, Long.parseLong(v.substring(1, v.length() - 1)));
        }
        throw KintoError.invalid(ValidationEntry.header(header, "The value should be integer between double quotes."));
    }

    public boolean matches(long current) {
        return any || timestamp == current;
    }
}
