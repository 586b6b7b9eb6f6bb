package dev.kintoj.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * {@code kinto init}: a configuration that works as it is, laid out like Kinto's generated one (same sections, same
 * settings, commented defaults), with fresh HMAC secrets and the chosen backends.
 */
final class IniTemplate {

    static final List<String> BACKENDS = List.of("memory", "postgresql");
    static final List<String> CACHE_BACKENDS = List.of("memory", "postgresql", "redis");
    private static final String LOCAL_POSTGRESQL = "postgresql://postgres:postgres@localhost/postgres";
    /** Kinto's template: the kinto-redis cache on database 2 of a local Redis. */
    private static final String LOCAL_REDIS_CACHE = "redis://localhost:6379/2";

    private IniTemplate() {
    }

    /** Kinto's prompts for {@code --backend} and {@code --cache-backend}, with the answers they accept. */
    static final String BACKEND_PROMPT = "Select the backend you would like to use: (1 - postgresql, default - memory) ";
    static final Map<String, String> BACKEND_ANSWERS = Map.of("1", "postgresql", "", "memory");
    /** Kinto offers memcached as answer 2; we have Redis (kinto-redis' cache) instead. */
    static final String CACHE_BACKEND_PROMPT =
            "Select the cache backend you would like to use: (1 - postgresql, 2 - redis, default - memory) ";
    static final Map<String, String> CACHE_BACKEND_ANSWERS = Map.of("1", "postgresql", "2", "redis", "", "memory");

    /** Asks until an accepted answer comes, as Kinto; null when the input ends first. */
    static String ask(PrintStream out, BufferedReader in, String prompt, Map<String, String> answers) {
        try {
            while (true) {
                out.print(prompt);
                out.flush();
                String answer = in.readLine();
                if (answer == null) {
                    return null;
                }
                String chosen = answers.get(answer.strip());
                if (chosen != null) {
                    return chosen;
                }
            }
        } catch (IOException e) {
            return null;
        }
    }

    static void write(Path file, String backend, String cacheBackend, String host, String version) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, render(backend, cacheBackend, host, version), StandardCharsets.UTF_8);
    }

    static String render(String backend, String cacheBackend, String host, String version) {
        return """
                # Created at %s
                # Using kintoj version %s
                # Full options list for .ini file
                # https://kinto.readthedocs.io/en/latest/configuration/settings.html

                [server:main]
                # The HTTP port is QUARKUS_HTTP_PORT (or `kinto start --port`).
                host = %s
                port = 8888

                [app:main]

                # Feature settings
                # kinto.readonly = false
                # kinto.batch_max_requests = 25
                # kinto.paginate_by =
                # kinto.experimental_collection_schema_validation = false
                # kinto.experimental_permissions_endpoint = false
                # kinto.trailing_slash_redirect_enabled = true
                # kinto.heartbeat_timeout_seconds = 10

                # Plugins
                kinto.includes = kinto.plugins.default_bucket
                                 kinto.plugins.admin
                                 kinto.plugins.accounts
                #                kinto.plugins.history

                # Backends
                kinto.storage_backend = %s
                kinto.storage_url = %s
                # kinto.storage_max_fetch_size = 10000
                # kinto.storage_pool_size = 25
                # kinto.storage_pool_timeout = 30
                kinto.cache_backend = %s
                kinto.cache_url = %s
                # kinto.cache_prefix =
                kinto.permission_backend = %s
                kinto.permission_url = %s
                # kinto.permission_pool_size = 25

                # Bucket, collection and records settings
                # kinto.bucket_create_principals = account:admin
                # kinto.bucket_write_principals =
                # kinto.bucket_read_principals =
                # kinto.record_cache_expires_seconds = 0

                # Authentication
                kinto.userid_hmac_secret = %s
                kinto.default_bucket_hmac_secret = %s
                multiauth.policies = account
                multiauth.policy.account.use = kinto.plugins.accounts.AccountsPolicy
                # Anyone may create an account; account:admin administers them (create it with `kinto create-user`).
                kinto.account_create_principals = system.Everyone
                kinto.account_write_principals = account:admin
                kinto.bucket_create_principals = account:admin
                # kinto.account_cache_ttl_seconds = 30

                # User data deletion (DELETE /v1/__user_data__/{principal})
                # kinto.user-data_delete_principals = account:admin

                # Client cache headers
                # kinto.cache_expires_seconds =

                # Logging is configured with QUARKUS_LOG_* settings.
                """.formatted(Instant.now(), version, host,
                kintoName("storage", backend), url(backend),
                kintoName("cache", cacheBackend), url(cacheBackend),
                kintoName("permission", backend), url(backend),
                secret(), secret());
    }

    /** Kinto's module name: {@code kinto.core.<kind>.<name>}, the kinto-redis plugin's for Redis. */
    private static String kintoName(String kind, String name) {
        return name.equals("redis") ? "kinto_redis." + kind : "kinto.core." + kind + "." + name;
    }

    private static String url(String backend) {
        return switch (backend) {
            case "postgresql" -> LOCAL_POSTGRESQL;
            case "redis" -> LOCAL_REDIS_CACHE;
            default -> "";
        };
    }

    /** 32 random bytes as hex, like Kinto's {@code random_bytes_hex(32)}. */
    private static String secret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
