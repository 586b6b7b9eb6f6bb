package dev.kintoj.postgresql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The tables of each PostgreSQL backend (storage.md §2, §4, §5), created or completed by idempotent scripts: at
 * startup (setting {@code auto_migrate}, on by default) and by the {@code migrate} command.
 * <p>
 * Each application records the script's checksum in the {@code metadata} table, in the same transaction. A start
 * whose database already holds that checksum skips the script: one query instead of a transaction that takes a lock,
 * rewrites functions and triggers and waits for its commit to reach the disk, three times over (a woken instance's
 * first request waited for them). {@code migrate} always applies the scripts.
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

    /** Applies the script unless the database records that this very script was applied last. */
    public void ensure(Database database) {
        String script = script();
        String applied;
        try {
            applied = database.query("SELECT value FROM metadata WHERE name = $1", Tuple.of(marker()))
                    .map(rows -> rows.iterator().hasNext() ? rows.iterator().next().getString(0) : null)
                    .await().indefinitely();
        } catch (RuntimeException e) {
            if (!(e instanceof PgException pg) || !"42P01".equals(pg.getSqlState())) {
                throw failure(database, e);
            }
            applied = null; // no metadata table yet: a new database
        }
        if (!checksum(script).equals(applied)) {
            apply(database, script);
        }
    }

    /** Applies the script; waits, as startup does, and reports an unreachable database clearly. */
    public void apply(Database database) {
        apply(database, script());
    }

    private void apply(Database database, String script) {
        // Kinto's metadata table (storage schema); the permission and cache databases get one for the marker.
        String record = "\nCREATE TABLE IF NOT EXISTS metadata (name VARCHAR(128) NOT NULL, value VARCHAR(512) NOT NULL);"
                + "\nDELETE FROM metadata WHERE name = '" + marker() + "';"
                + "\nINSERT INTO metadata (name, value) VALUES ('" + marker() + "', '" + checksum(script) + "');\n";
        try {
            database.script(script + record).await().indefinitely();
        } catch (RuntimeException e) {
            throw failure(database, e);
        }
    }

    /** The metadata row naming the checksum of the script last applied. */
    String marker() {
        return "kintoj_" + name().toLowerCase(java.util.Locale.ROOT) + "_script";
    }

    static String checksum(String script) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(script.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private IllegalStateException failure(Database database, RuntimeException e) {
        return new IllegalStateException("Cannot create the " + name().toLowerCase(java.util.Locale.ROOT)
                + " tables in PostgreSQL (" + database.name() + "): " + e.getMessage(), e);
    }
}
