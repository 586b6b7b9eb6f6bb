package dev.kintoj.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.kintoj.config.IniConfigSource;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PORT, DATABASE_URL, REDIS_URL and *_FILE variables among the other configuration sources, with their precedence. */
class PlatformConfigSourceTest {

    @TempDir
    Path dir;

    private static SmallRyeConfig config(Map<String, String> env, Map<String, String> ini) {
        return new SmallRyeConfigBuilder()
                .withSources(new PropertiesConfigSource(Map.of("quarkus.http.port", "8888"), "application.properties", 250))
                .withSources(new EnvConfigSource(env, 300))
                .withSources(new PlatformConfigSource(env))
                .withSources(new SecretFilesConfigSource(env))
                .withSources(new PropertiesConfigSource(ini, "ini", IniConfigSource.ORDINAL))
                .build();
    }

    private static String value(SmallRyeConfig config, String name) {
        return config.getOptionalValue(name, String.class).orElse(null);
    }

    @Test
    void databaseUrlPutsEveryBackendOnPostgresql() {
        String url = "postgres://u:p@db.internal:5432/kinto?sslmode=require";
        SmallRyeConfig config = config(Map.of("DATABASE_URL", url, "PORT", "10000"), Map.of());

        for (String backend : new String[] {"storage", "permission", "cache"}) {
            assertEquals("postgresql", value(config, "kinto." + backend + "_backend"));
            assertEquals(url, value(config, "kinto." + backend + "_url"));
        }
        assertEquals("10000", value(config, "quarkus.http.port"));
    }

    @Test
    void redisUrlPutsTheCacheOnRedisEvenWithADatabaseUrl() {
        String database = "postgres://u:p@db.internal:5432/kinto";
        String redis = "rediss://:p@cache.internal:6380/2";
        SmallRyeConfig config = config(Map.of("DATABASE_URL", database, "REDIS_URL", redis), Map.of());

        assertEquals("redis", value(config, "kinto.cache_backend"));
        assertEquals(redis, value(config, "kinto.cache_url"));
        assertEquals("postgresql", value(config, "kinto.storage_backend"));
        assertEquals(database, value(config, "kinto.permission_url"));
        assertEquals(redis, value(config, "kinto.event_listeners.redis.url"));

        config = config(Map.of("REDIS_URL", redis), Map.of("kinto.cache_backend", "postgresql",
                "kinto.cache_url", "postgresql://ini@db/cache"));
        assertEquals("postgresql", value(config, "kinto.cache_backend"), "the ini wins");
        assertEquals("postgresql://ini@db/cache", value(config, "kinto.cache_url"));
        assertNull(value(config, "kinto.storage_backend"));
    }

    @Test
    void nothingWithoutThePlatformVariables() {
        SmallRyeConfig config = config(Map.of(), Map.of());

        assertNull(value(config, "kinto.storage_backend"));
        assertNull(value(config, "kinto.cache_url"));
        assertNull(value(config, "kinto.event_listeners.redis.url"));
        assertEquals("8888", value(config, "quarkus.http.port"));
    }

    @Test
    void kintoSettingsAndQuarkusPortWin() {
        Map<String, String> env = Map.of("DATABASE_URL", "postgres://u:p@db/kinto", "PORT", "10000",
                "QUARKUS_HTTP_PORT", "9999", "KINTO_CACHE_BACKEND", "memory", "REDIS_URL", "redis://cache:6379/0");
        SmallRyeConfig config = config(env, Map.of("kinto.storage_url", "postgresql://ini@db/other",
                "kinto.event_listeners.changes.url", "redis://ini:6379/1"));

        assertEquals("9999", value(config, "quarkus.http.port"));
        assertEquals("memory", value(config, "kinto.cache_backend"));
        assertEquals("postgresql://ini@db/other", value(config, "kinto.storage_url"));
        assertEquals("postgres://u:p@db/kinto", value(config, "kinto.permission_url"));
        assertEquals("redis://ini:6379/1", value(config, "kinto.event_listeners.changes.url"));
        assertEquals("redis://cache:6379/0", value(config, "kinto.event_listeners.other.url"));
        assertNull(value(config, "kinto.event_listeners.other.use"));
    }

    @Test
    void settingsAndPlatformVariablesComeFromFiles() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "s3cret\n");
        Path url = Files.writeString(dir.resolve("url"), "postgres://u:p@db/kinto\n");
        Path policies = Files.writeString(dir.resolve("policies"), "\"account\"");
        Map<String, String> env = Map.of("KINTO_USERID_HMAC_SECRET_FILE", secret.toString(),
                "DEFAULT_BUCKET_HMAC_SECRET_FILE", secret.toString(), "DATABASE_URL_FILE", url.toString(),
                "MULTIAUTH_POLICIES_FILE", policies.toString());
        SmallRyeConfig config = config(env, Map.of("kinto.default_bucket_hmac_secret", "from-ini"));

        assertEquals("s3cret", value(config, "kinto.userid_hmac_secret"), "without the line ending");
        assertEquals("s3cret", value(config, "kinto.default_bucket_hmac_secret"), "a file variable wins over the ini");
        assertEquals("postgres://u:p@db/kinto", value(config, "kinto.storage_url"));
        assertEquals("account", value(config, "multiauth.policies"), "read like the variable's value");
    }

    @Test
    void aVariableSetDirectlyWinsOverItsFile() throws Exception {
        Path secret = Files.writeString(dir.resolve("secret"), "from-file");
        Map<String, String> env = new HashMap<>(Map.of("KINTO_USERID_HMAC_SECRET_FILE", secret.toString(),
                "KINTO_USERID_HMAC_SECRET", "direct"));

        assertEquals("direct", value(config(env, Map.of()), "kinto.userid_hmac_secret"));
    }

    @Test
    void anUnreadableFileStopsTheConfigurationWithItsName() {
        Map<String, String> env = Map.of("KINTO_USERID_HMAC_SECRET_FILE", dir.resolve("absent").toString());

        var error = assertThrows(RuntimeException.class, () -> value(config(env, Map.of()), "kinto.userid_hmac_secret"));
        assertEquals(true, error.getMessage().contains("KINTO_USERID_HMAC_SECRET_FILE"), error.getMessage());
    }
}
