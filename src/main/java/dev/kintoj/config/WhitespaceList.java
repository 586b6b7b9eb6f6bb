package dev.kintoj.config;

import java.util.Arrays;
import java.util.List;

/** Kinto list settings: items separated by any whitespace, including newlines. */
public final class WhitespaceList {

    private WhitespaceList() {
    }

    public static List<String> split(String value) {
        if (value == null) {
            return List.of();
        }
        return Arrays.stream(value.split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }
}
