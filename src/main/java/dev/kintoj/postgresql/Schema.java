package dev.kintoj.postgresql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The tables of each PostgreSQL backend (storage.md §2, §4, §5), created or completed by idempotent scripts: at
 * startup (setting {@code auto_migrate}, on by default) and by the {@code migrate} command.
 */
public enum Schema {
    STORAGE("db/storage.sql"), PERMISSION("db/permission.sql"), CACHE("db/cache.sql");

    private final String resource;

    Schema(String resource) {
        this.resource = resource;
    }

    /** The script's classpath resource, as messages name it. */
    public String resource() {
        return resource;
    }

    public String script() {
        try (InputStream in = Schema.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing schema script " + resource);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies the script; waits, as startup does, and reports an unreachable database clearly. */
    public void apply(Database database) {
        try {
            database.script(script()).await().indefinitely();
        } catch (RuntimeException e) {
            throw new IllegalStateException("Cannot create the " + name().toLowerCase(java.util.Locale.ROOT)
                    + " tables in PostgreSQL (" + database.name() + "): " + e.getMessage(), e);
        }
    }
}
