package dev.kintoj.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parser for the subset of Python configparser syntax used by Kinto ini files
 * (as read by PasteDeploy: keys keep their case, no interpolation).
 */
public final class IniFile {

    // Same shapes as configparser's SECTCRE and OPTCRE: a header may be followed by junk
    // (e.g. a comment), a key ends at the first '=' or ':'.
    private static final Pattern SECTION = Pattern.compile("\\[(.+)]");
    private static final Pattern OPTION = Pattern.compile("(.*?)\\s*[=:]\\s*(.*)");

    private IniFile() {
    }

    public static Map<String, Map<String, String>> parse(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read ini file " + file, e);
        }
    }

    public static Map<String, Map<String, String>> parse(String content, String fileName) {
        return new Parser(fileName).run(content);
    }

    private static final class Parser {
        private final String fileName;
        private final Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        private Map<String, String> section;
        private String key;
        private StringBuilder value;
        private int keyIndent;
        // configparser keeps blank lines inside a multi-line value but drops trailing ones.
        private int pendingBlankLines;

        Parser(String fileName) {
            this.fileName = fileName;
        }

        Map<String, Map<String, String>> run(String content) {
            if (content.startsWith("\uFEFF")) {
                content = content.substring(1);
            }
            String[] lines = content.split("\\r?\\n|\\r", -1);
            for (int i = 0; i < lines.length; i++) {
                line(lines[i], i + 1);
            }
            finishValue();
            return sections;
        }

        private void line(String line, int number) {
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                pendingBlankLines++;
                return;
            }
            if (stripped.startsWith("#") || stripped.startsWith(";")) {
                return;
            }
            int indent = indentOf(line);
            if (key != null && indent > keyIndent) {
                value.append("\n".repeat(pendingBlankLines + 1)).append(stripped);
                pendingBlankLines = 0;
                return;
            }
            finishValue();
            Matcher header = SECTION.matcher(stripped);
            if (header.lookingAt()) {
                String name = header.group(1);
                if (sections.containsKey(name)) {
                    throw error(number, "duplicate section [" + name + "]");
                }
                section = new LinkedHashMap<>();
                sections.put(name, section);
                return;
            }
            Matcher option = OPTION.matcher(stripped);
            if (!option.matches() || option.group(1).isEmpty()) {
                throw error(number, "invalid syntax: " + stripped);
            }
            if (section == null) {
                throw error(number, "key outside of any [section]: " + stripped);
            }
            String name = option.group(1).strip();
            if (section.containsKey(name)) {
                throw error(number, "duplicate key '" + name + "'");
            }
            key = name;
            keyIndent = indent;
            value = new StringBuilder(option.group(2));
        }

        private void finishValue() {
            if (key != null) {
                section.put(key, value.toString().strip());
            }
            key = null;
            value = null;
            pendingBlankLines = 0;
        }

        private IllegalArgumentException error(int number, String detail) {
            return new IllegalArgumentException(
                    "Invalid ini file " + fileName + ", line " + number + ": " + detail);
        }

        private static int indentOf(String line) {
            int i = 0;
            while (i < line.length() && Character.isWhitespace(line.charAt(i))) {
                i++;
            }
            return i;
        }
    }
}
