package dev.kintoj.config;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Settings of the {@code [app:main]} section of a Kinto ini file, exposed as {@code kinto.<key>}
 * (or {@code multiauth.<key>}). The file is named by the system property {@code kintoj.ini},
 * else the environment variable {@code KINTO_INI}.
 */
public final class IniConfigSource implements ConfigSource {

    public static final String PATH_PROPERTY = "kintoj.ini";
    public static final String PATH_ENV = "KINTO_INI";
    public static final int ORDINAL = 260;
    static final String SECTION = "app:main";
    static final String PREFIX = "kinto.";
    static final String MULTIAUTH_PREFIX = "multiauth.";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    // Set by the instance Quarkus creates, so the root endpoint reports the file actually read.
    private static volatile Optional<IniFileInfo> lastLoaded;

    private final Path path;
    private final IniFileInfo info;
    private final Map<String, String> properties;

    public IniConfigSource() {
        this(configuredPath().orElse(null));
        lastLoaded = Optional.ofNullable(info);
    }

    IniConfigSource(Path path) {
        this.path = path == null ? null : path.toAbsolutePath().normalize();
        if (this.path == null) {
            this.info = null;
            this.properties = Map.of();
            return;
        }
        if (!Files.isRegularFile(this.path)) {
            throw new IllegalStateException("Kinto ini file not found: " + path);
        }
        byte[] content = read(this.path);
        this.info = new IniFileInfo(this.path, sha256(content), modified(this.path));
        Map<String, String> section = IniFile
                .parse(new String(content, StandardCharsets.UTF_8), this.path.toString())
                .getOrDefault(SECTION, Map.of());
        this.properties = Collections.unmodifiableMap(normalise(section));
    }

    /** The ini path configured through {@code kintoj.ini} or {@code KINTO_INI}, if any. */
    public static Optional<Path> configuredPath() {
        String value = System.getProperty(PATH_PROPERTY);
        if (value == null || value.isBlank()) {
            value = System.getenv(PATH_ENV);
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(Path.of(value.strip()));
    }

    /** The ini file the configuration was loaded from, or empty when no ini file is used. */
    public static Optional<IniFileInfo> loadedFile() {
        Optional<IniFileInfo> loaded = lastLoaded;
        if (loaded != null) {
            return loaded;
        }
        return configuredPath().filter(Files::isRegularFile).map(p -> new IniConfigSource(p).info);
    }

    public Optional<Path> getPath() {
        return Optional.ofNullable(path);
    }

    public Optional<IniFileInfo> fileInfo() {
        return Optional.ofNullable(info);
    }

    /**
     * Kinto's {@code native_value} reduced to what a string-typed config source can express:
     * a JSON string literal is unquoted, JSON {@code null} means "no value", anything else
     * (numbers, booleans, plain text) is kept verbatim for the converters.
     */
    public static Optional<String> nativeValue(String raw) {
        String value = raw.strip();
        if (value.equals("null") || value.startsWith("\"")) {
            try {
                JsonNode node = JSON.readTree(value);
                if (node.isNull()) {
                    return Optional.empty();
                }
                if (node.isTextual()) {
                    return Optional.of(node.textValue());
                }
            } catch (IOException notJson) {
                // Kept as a plain string, like Kinto does.
            }
        }
        return Optional.of(value);
    }

    /** The config property name under which an ini key is exposed. */
    static String canonicalName(String key) {
        if (key.startsWith(PREFIX + MULTIAUTH_PREFIX)) {
            return key.substring(PREFIX.length());
        }
        if (key.startsWith(PREFIX) || key.startsWith(MULTIAUTH_PREFIX)) {
            return key;
        }
        return PREFIX + key;
    }

    private static Map<String, String> normalise(Map<String, String> section) {
        Map<String, String> rawByName = new LinkedHashMap<>();
        Map<String, String> keyByName = new LinkedHashMap<>();
        Map<String, String> result = new LinkedHashMap<>();
        section.forEach((key, raw) -> {
            String name = canonicalName(key);
            String previousKey = keyByName.putIfAbsent(name, key);
            if (previousKey != null) {
                // Kinto compares the raw strings, so "25" and 25 are in conflict too.
                if (!rawByName.get(name).equals(raw)) {
                    throw new IllegalStateException(conflictMessage(previousKey, key));
                }
                return;
            }
            rawByName.put(name, raw);
            nativeValue(raw).ifPresent(value -> result.put(name, value));
        });
        return result;
    }

    private static String conflictMessage(String key, String other) {
        String unprefixed = key.startsWith(PREFIX) ? other : key;
        String prefixed = key.startsWith(PREFIX) ? key : other;
        return "Settings '" + unprefixed + "', '" + prefixed + "' are in conflict.";
    }

    private static byte[] read(Path path) {
        try {
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Kinto ini file " + path, e);
        }
    }

    private static Instant modified(Path path) {
        try {
            return Files.getLastModifiedTime(path).toInstant();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read Kinto ini file " + path, e);
        }
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Map<String, String> getProperties() {
        return properties;
    }

    @Override
    public Set<String> getPropertyNames() {
        return properties.keySet();
    }

    @Override
    public String getValue(String propertyName) {
        return properties.get(propertyName);
    }

    @Override
    public String getName() {
        return "KintoIniConfigSource[" + (path == null ? "none" : path) + "]";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
