package dev.kintoj.postgresql;

import io.vertx.pgclient.PgConnectOptions;

import java.util.Locale;

/**
 * Kinto's {@code storage_url}/{@code permission_url}/{@code cache_url}: a SQLAlchemy-style URL
 * ({@code postgresql://user:pass@host:port/db}, optionally with a driver such as {@code postgresql+psycopg2://}), or a
 * platform's {@code DATABASE_URL} ({@code postgres://...?sslmode=require}).
 */
public final class PostgresUrl {

    private PostgresUrl() {
    }

    public static PgConnectOptions parse(String setting, String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("Setting " + setting + " is required with the postgresql backend"
                    + " (postgresql://user:password@host:port/database)");
        }
        String trimmed = url.trim();
        int scheme = trimmed.indexOf("://");
        String name = scheme < 0 ? "" : trimmed.substring(0, scheme).toLowerCase(Locale.ROOT);
        int plus = name.indexOf('+');
        if (plus >= 0) {
            name = name.substring(0, plus);
        }
        if (!name.equals("postgresql") && !name.equals("postgres")) {
            throw new IllegalArgumentException("Setting " + setting + " = " + redacted(trimmed)
                    + " is not a PostgreSQL URL (postgresql://user:password@host:port/database)");
        }
        try {
            PgConnectOptions options = PgConnectOptions.fromUri("postgresql" + trimmed.substring(scheme));
            PostgresTls.apply(options, trimmed);
            return options;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("Setting " + setting + " = " + redacted(trimmed) + " is not a valid PostgreSQL URL: "
                    + e.getMessage(), e);
        }
    }

    /** The URL without its password, for messages. */
    public static String redacted(String url) {
        return url.replaceFirst("(://[^:/@]*):[^@/]*@", "$1:***@");
    }
}
