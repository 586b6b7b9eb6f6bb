package dev.kintoj.platform;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The variables hosting platforms set (Heroku, Render, Fly.io, Cloud Run, Knative...): {@code PORT} is the HTTP port,
 * {@code DATABASE_URL} puts storage, permissions and cache on that PostgreSQL database, {@code REDIS_URL} puts the
 * cache on that Redis (shared by the replicas, even with {@code DATABASE_URL}) and is the URL of Redis event
 * listeners. Each may also come from a file ({@code DATABASE_URL_FILE}).
 *
 * <p>These are defaults chosen by the platform, not settings: every Kinto setting, from the ini file or the
 * environment, wins over them, and so does {@code QUARKUS_HTTP_PORT}.
 */
public final class PlatformConfigSource implements ConfigSource {

    /** Above application.properties (250) for the port; below the ini file (260) and the Kinto environment (310). */
    public static final int ORDINAL = 255;

    static final String HTTP_PORT = "quarkus.http.port";
    private static final Set<String> BACKENDS = Set.of("kinto.storage_backend", "kinto.permission_backend");
    private static final Set<String> URLS = Set.of("kinto.storage_url", "kinto.permission_url");
    private static final String CACHE_BACKEND = "kinto.cache_backend";
    private static final String CACHE_URL = "kinto.cache_url";
    private static final String LISTENERS = "kinto.event_listeners.";

    private final EnvironmentValues environment;

    public PlatformConfigSource() {
        this(System.getenv());
    }

    PlatformConfigSource(Map<String, String> environment) {
        this.environment = new EnvironmentValues(environment);
    }

    @Override
    public String getValue(String propertyName) {
        return value(propertyName).orElse(null);
    }

    private Optional<String> value(String name) {
        if (name.equals(HTTP_PORT)) {
            return environment.get("PORT").map(String::strip);
        }
        if (BACKENDS.contains(name)) {
            return environment.get("DATABASE_URL").map(url -> "postgresql");
        }
        if (URLS.contains(name)) {
            return environment.get("DATABASE_URL").map(String::strip);
        }
        if (name.equals(CACHE_BACKEND)) {
            return environment.get("REDIS_URL").map(url -> "redis")
                    .or(() -> environment.get("DATABASE_URL").map(url -> "postgresql"));
        }
        if (name.equals(CACHE_URL)) {
            return environment.get("REDIS_URL").or(() -> environment.get("DATABASE_URL")).map(String::strip);
        }
        if (name.startsWith(LISTENERS) && name.endsWith(".url")) {
            return environment.get("REDIS_URL").map(String::strip);
        }
        return Optional.empty();
    }

    @Override
    public Set<String> getPropertyNames() {
        // Served by name only, like the Kinto environment source: listing names would make them "unknown" settings.
        return Set.of();
    }

    @Override
    public String getName() {
        return "platform-environment";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
