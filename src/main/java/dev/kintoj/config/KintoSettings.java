package dev.kintoj.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.util.Optional;

/**
 * Kinto's settings (settings.md) under their Kinto names: {@code kinto.paginate_by} in the ini file (prefix
 * optional), {@code KINTO_PAGINATE_BY} or {@code PAGINATE_BY} in the environment. Settings whose names are built
 * from ids (per-collection cache expiry, per-resource principals, enabled methods) are read by {@link DynamicSettings}.
 */
@ConfigMapping(prefix = "kinto", namingStrategy = ConfigMapping.NamingStrategy.SNAKE_CASE)
public interface KintoSettings {

    @WithDefault("kinto")
    String projectName();

    Optional<String> projectVersion();

    @WithDefault("https://kinto.readthedocs.io/")
    String projectDocs();

    @WithDefault("1.23")
    String httpApiVersion();

    @WithDefault("https://github.com/Kinto/kinto/issues/")
    String errorInfoLink();

    @WithDefault("version.json")
    String versionJsonPath();

    Optional<String> httpScheme();

    Optional<String> httpHost();

    @WithDefault("false")
    @WithConverter(StrictBooleanConverter.class)
    boolean readonly();

    /** The raw {@code batch_max_requests}; read it with {@link #batchMaxRequests()}. */
    @WithName("batch_max_requests")
    @WithDefault("25")
    String batchMaxRequestsSetting();

    /**
     * At most this many requests in a batch; empty for no limit, as Kinto when the setting is {@code null},
     * {@code None} or 0 (an empty value is the default 25: empty settings count as unset here).
     */
    default Optional<Integer> batchMaxRequests() {
        String value = batchMaxRequestsSetting().trim();
        if (value.equalsIgnoreCase("null") || value.equalsIgnoreCase("none")) {
            return Optional.empty();
        }
        int limit = Integer.parseInt(value);
        return limit > 0 ? Optional.of(limit) : Optional.empty();
    }

    Optional<Integer> paginateBy();

    @WithDefault("10000")
    int storageMaxFetchSize();

    @WithDefault("600")
    int paginationTokenValiditySeconds();

    @WithDefault("false")
    @WithConverter(StrictBooleanConverter.class)
    boolean experimentalCollectionSchemaValidation();

    @WithDefault("false")
    @WithConverter(StrictBooleanConverter.class)
    boolean experimentalPermissionsEndpoint();

    @WithDefault("true")
    @WithConverter(StrictBooleanConverter.class)
    boolean explicitPermissions();

    @WithDefault("true")
    @WithConverter(StrictBooleanConverter.class)
    boolean trailingSlashRedirectEnabled();

    @WithDefault("3600")
    int trailingSlashRedirectTtlSeconds();

    @WithDefault("true")
    @WithConverter(StrictBooleanConverter.class)
    boolean versionPrefixRedirectEnabled();

    @WithDefault("-1")
    int versionPrefixRedirectTtlSeconds();

    @WithDefault("10")
    int heartbeatTimeoutSeconds();

    /** bcrypt's cost for new account passwords (ours; Kinto hard-codes 12). Existing hashes keep their own. */
    @WithDefault("12")
    int accountBcryptCost();

    /** Whitespace-separated plugin names. */
    Optional<String> includes();

    @WithDefault("memory")
    @WithConverter(BackendName.Converter.class)
    BackendName storageBackend();

    Optional<String> storageUrl();

    @WithDefault("memory")
    @WithConverter(BackendName.Converter.class)
    BackendName permissionBackend();

    Optional<String> permissionUrl();

    @WithDefault("memory")
    @WithConverter(BackendName.Converter.class)
    BackendName cacheBackend();

    Optional<String> cacheUrl();

    Optional<String> cachePrefix();

    @WithDefault("86400")
    int rootCacheExpiresSeconds();

    @WithDefault("*")
    String corsOrigins();

    @WithDefault("3600")
    int corsMaxAgeSeconds();

    Optional<Integer> backoff();

    Optional<Integer> backoffPercentage();

    @WithDefault("3")
    int retryAfterSeconds();

    Optional<String> eos();

    Optional<String> eosMessage();

    Optional<String> eosUrl();

    Optional<String> useridHmacSecret();

    Optional<String> defaultBucketHmacSecret();

    /** The kinto-admin build served by the admin plugin (plugins.md §8). */
    Optional<String> adminAssetsPath();
}
