package dev.kintoj.platform;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Environment variables as container platforms hand them out: {@code NAME}, or the content of the file named by
 * {@code NAME_FILE} (the Docker and Kubernetes secrets convention, which keeps secrets out of {@code env} listings).
 */
public final class EnvironmentValues {

    public static final String FILE_SUFFIX = "_FILE";

    private final Map<String, String> environment;
    // Files are read once: a secret rotated on disk takes effect at the next start, like every other setting.
    private final Map<String, String> files = new ConcurrentHashMap<>();

    public EnvironmentValues(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** {@code NAME} if set, else the content of {@code NAME_FILE}; a blank value counts as unset. */
    public Optional<String> get(String name) {
        String value = environment.get(name);
        if (value != null) {
            return Optional.of(value).filter(v -> !v.isBlank());
        }
        return file(name);
    }

    /** Only the content of {@code NAME_FILE}, without the line ending editors and {@code echo} leave after it. */
    public Optional<String> file(String name) {
        String path = environment.get(name + FILE_SUFFIX);
        if (path == null || path.isBlank()) {
            return Optional.empty();
        }
        String content = files.computeIfAbsent(name, k -> read(name + FILE_SUFFIX, path.strip()));
        return Optional.of(content).filter(v -> !v.isBlank());
    }

    private static String read(String variable, String path) {
        try {
            return Files.readString(Path.of(path), StandardCharsets.UTF_8).stripTrailing();
        } catch (IOException e) {
            // Stops the service: starting without the secret it was given would, e.g., change every user id.
            throw new UncheckedIOException("Cannot read the file named by " + variable + " (" + path + "): " + e, e);
        }
    }
}
