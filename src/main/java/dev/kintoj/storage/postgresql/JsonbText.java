package dev.kintoj.storage.postgresql;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * An object's {@code data::text} sent as it is (list pages, object GETs): only when it says exactly what the object
 * parsed and written again would say. The backend parses numbers as Java numbers, so a decimal or exponent ({@code
 * 1.10}, {@code 1e2}) or a negative zero would come back written otherwise; and a stored {@code id} or {@code
 * last_modified} (a database written by another client) is replaced by the columns' values. Any of these, and the
 * object is parsed as before.
 */
final class JsonbText {

    private JsonbText() {
    }

    /** The object's JSON: its data with {@code id} and {@code last_modified} last, or null when it must be parsed. */
    static String object(String data, String id, long lastModified) {
        if (!sendable(data)) {
            return null;
        }
        StringBuilder json = new StringBuilder(data.length() + id.length() + 48);
        json.append(data, 0, data.length() - 1);
        if (data.length() > 2) {
            json.append(", ");
        }
        json.append("\"id\": \"").append(JsonStringEncoder.getInstance().quoteAsString(id))
                .append("\", \"last_modified\": ").append(lastModified).append('}');
        return json.toString();
    }

    /** Whether the text (jsonb's output of an object) has no number written otherwise once parsed, nor own keys. */
    static boolean sendable(String data) {
        if (data.length() < 2 || data.charAt(0) != '{' || data.charAt(data.length() - 1) != '}'
                || data.contains("\"id\"") || data.contains("\"last_modified\"")) {
            return false;
        }
        boolean inString = false;
        int numberStart = -1;
        for (int i = 0; i < data.length(); i++) {
            char c = data.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
                continue;
            }
            if (numberStart >= 0) {
                if (c == '.' || c == 'e' || c == 'E') {
                    return false;
                }
                if (c >= '0' && c <= '9') {
                    continue;
                }
                if (data.startsWith("-0", numberStart) && i - numberStart == 2) {
                    return false;
                }
                numberStart = -1;
            }
            if (c == '"') {
                inString = true;
            } else if (c == '-' || (c >= '0' && c <= '9')) {
                numberStart = i;
            }
        }
        return true;
    }
}
