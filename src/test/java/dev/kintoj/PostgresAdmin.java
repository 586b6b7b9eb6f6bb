package dev.kintoj;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Administration of the local PostgreSQL server of the integration tests (through the reactive client the service
 * itself uses): fresh databases. The server is {@code KINTOJ_TEST_POSTGRESQL_HOST}:{@code KINTOJ_TEST_POSTGRESQL_PORT}
 * (default 127.0.0.1:5432), user {@code postgres} without password (trust authentication).
 */
public final class PostgresAdmin {

    public static final String HOST = System.getenv().getOrDefault("KINTOJ_TEST_POSTGRESQL_HOST", "127.0.0.1");
    public static final int PORT = Integer.parseInt(System.getenv().getOrDefault("KINTOJ_TEST_POSTGRESQL_PORT", "5432"));

    private PostgresAdmin() {
    }

    /** The URL the service is given for {@code database}, through {@code host:port}. */
    public static String url(String host, int port, String database) {
        return "postgresql://postgres:postgres@" + host + ":" + port + "/" + database;
    }

    public static String url(String database) {
        return url(HOST, PORT, database);
    }

    /** The environment of a packaged instance with storage, permissions and cache in {@code database}; mutable. */
    public static Map<String, String> everyBackendIn(String database) {
        Map<String, String> env = new HashMap<>();
        for (String backend : List.of("STORAGE", "PERMISSION", "CACHE")) {
            env.put("KINTO_" + backend + "_BACKEND", "postgresql");
            env.put("KINTO_" + backend + "_URL", url(database));
        }
        return env;
    }

    /** Drops {@code database} (closing its sessions) and creates it empty. */
    public static void recreate(String database) throws Exception {
        if (!database.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException(database);
        }
        query("postgres", "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        query("postgres", "CREATE DATABASE " + database);
    }

    /** Runs one statement on {@code database}; the rows' first columns as text. */
    public static List<String> query(String database, String sql) throws Exception {
        return script(database, List.of(sql));
    }

    /**
     * Runs the statements one after the other in one session of {@code database} (so SET and PREPARE carry over);
     * the rows' first columns of the last one, as text.
     */
    public static List<String> script(String database, List<String> statements) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            PgConnectOptions options = new PgConnectOptions().setHost(HOST).setPort(PORT).setUser("postgres").setPassword("postgres")
                    .setDatabase(database).setConnectTimeout(5000);
            return PgConnection.connect(vertx, options)
                    .compose(connection -> {
                        Future<RowSet<Row>> done = connection.query(statements.get(0)).execute();
                        for (String statement : statements.subList(1, statements.size())) {
                            done = done.compose(ignored -> connection.query(statement).execute());
                        }
                        return done.map(rows -> {
                                    List<String> values = new ArrayList<>();
                                    for (Row row : rows) {
                                        values.add(row.size() == 0 ? null : String.valueOf(row.getValue(0)));
                                    }
                                    return values;
                                })
                                .eventually(() -> connection.close());
                    })
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
