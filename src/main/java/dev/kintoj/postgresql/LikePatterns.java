package dev.kintoj.postgresql;

/** LIKE patterns for PostgreSQL (backslash being the default escape character). */
public final class LikePatterns {

    private LikePatterns() {
    }

    /** {@code *} matches any text; every other character, {@code %} and {@code _} included, is literal. */
    public static String glob(String glob) {
        StringBuilder pattern = new StringBuilder(glob.length() + 8);
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            switch (c) {
                case '*' -> pattern.append('%');
                case '%', '_', '\\' -> pattern.append('\\').append(c);
                default -> pattern.append(c);
            }
        }
        return pattern.toString();
    }
}
