package dev.kintoj.api;

import dev.kintoj.config.WhitespaceList;

import java.util.List;
import java.util.regex.Pattern;

/** The {@code cors_origins} setting: glob patterns of allowed origins (api.md §14). */
final class Origins {

    private final List<Pattern> patterns;
    private final boolean any;

    Origins(String setting) {
        List<String> globs = WhitespaceList.split(setting);
        this.any = globs.contains("*");
        this.patterns = globs.stream().map(Origins::compile).toList();
    }

    boolean allowed(String origin) {
        return patterns.stream().anyMatch(p -> p.matcher(origin).matches());
    }

    /** The Access-Control-Allow-Origin value for an allowed origin. */
    String allowHeader(String origin) {
        return any ? "*" : origin;
    }

    private static Pattern compile(String glob) {
        StringBuilder regex = new StringBuilder();
        for (char c : glob.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
