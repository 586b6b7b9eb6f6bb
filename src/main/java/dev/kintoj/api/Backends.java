package dev.kintoj.api;

import dev.kintoj.accounts.Accounts;
import dev.kintoj.accounts.AccountsPolicy;
import dev.kintoj.auth.AclAuthorizer;
import dev.kintoj.auth.AuthenticationPolicies;
import dev.kintoj.auth.Authenticator;
import dev.kintoj.cache.Cache;
import dev.kintoj.cache.memory.MemoryCache;
import dev.kintoj.config.BackendName;
import dev.kintoj.config.DynamicSettings;
import dev.kintoj.config.KintoMain;
import dev.kintoj.config.KintoSettings;
import dev.kintoj.config.Plugins;
import dev.kintoj.config.WhitespaceList;
import dev.kintoj.core.Authorizer;
import dev.kintoj.core.CoreKinds;
import dev.kintoj.core.DefaultBucket;
import dev.kintoj.core.EngineSettings;
import dev.kintoj.core.ObjectService;
import dev.kintoj.core.ParentLookups;
import dev.kintoj.core.ReadAhead;
import dev.kintoj.core.RequestMemo;
import dev.kintoj.core.PermissionsList;
import dev.kintoj.cli.CommandProperties;
import dev.kintoj.core.ResourceKinds;
import dev.kintoj.events.ConfiguredListeners;
import dev.kintoj.events.EventListener;
import dev.kintoj.events.Events;
import dev.kintoj.events.feed.ChangeFeed;
import dev.kintoj.events.feed.FeedSettings;
import dev.kintoj.history.History;
import dev.kintoj.history.HistoryListener;
import dev.kintoj.history.HistorySettings;
import dev.kintoj.metrics.KintoMeters;
import dev.kintoj.openid.OpenIdPolicy;
import dev.kintoj.openid.OpenIdProviders;
import dev.kintoj.openid.OpenIdSettings;
import dev.kintoj.openid.ProviderHttp;
import dev.kintoj.permission.MemoizedPermissions;
import dev.kintoj.permission.PermissionBackend;
import dev.kintoj.permission.memory.MemoryPermissionBackend;
import dev.kintoj.cache.postgresql.PostgresCache;
import dev.kintoj.cache.redis.RedisCache;
import dev.kintoj.permission.postgresql.PostgresPermissionBackend;
import dev.kintoj.postgresql.Database;
import dev.kintoj.postgresql.Databases;
import dev.kintoj.postgresql.PoolSizing;
import dev.kintoj.postgresql.PostgresTransactions;
import dev.kintoj.postgresql.Schema;
import dev.kintoj.quotas.QuotaLimits;
import dev.kintoj.quotas.QuotaListener;
import dev.kintoj.quotas.Quotas;
import dev.kintoj.storage.postgresql.PostgresStorage;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.inject.Disposes;
import dev.kintoj.storage.Storage;
import dev.kintoj.storage.Transactions;
import dev.kintoj.storage.memory.MemoryStorage;
import dev.kintoj.storage.memory.MemoryTransactions;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import java.util.Optional;

/**
 * Wires the configured backends (memory or PostgreSQL) and the engine. Backends and policies
 * are built at startup ({@code @Startup}) so that a setting naming something unavailable stops the service.
 * Beans that a request calls many times and that depend on no bean without a client proxy are {@code @Singleton}:
 * through a normal scope's proxy each call looked its instance up in the application context first (3.5 % of a
 * record GET's CPU for all proxies, README, Speed). The others stay {@code @ApplicationScoped}, whose proxies break
 * the cycles between the endpoints, the engine and the backends.
 */
@ApplicationScoped
public class Backends {

    @Produces
    @ApplicationScoped
    Databases databases(Vertx vertx) {
        return new Databases(vertx);
    }

    void closeDatabases(@Disposes Databases databases) {
        databases.close();
    }

    @Produces
    @Singleton
    @Startup
    Storage storage(KintoSettings settings, DynamicSettings dynamic, Databases databases, KintoMeters meters) {
        return meters.measure(switch (available("storage_backend", settings.storageBackend())) {
            case POSTGRESQL -> new PostgresStorage(database("storage", settings.storageUrl(), dynamic, databases, Schema.STORAGE),
                    settings.storageMaxFetchSize(), settings.readonly());
            default -> new MemoryStorage();
        });
    }

    @Produces
    @Singleton
    @Startup
    PermissionBackend permissionBackend(KintoSettings settings, DynamicSettings dynamic, Databases databases,
                                        RequestMemo memo, KintoMeters meters) {
        PermissionBackend backend = switch (available("permission_backend", settings.permissionBackend())) {
            case POSTGRESQL -> new PostgresPermissionBackend(
                    database("permission", settings.permissionUrl(), dynamic, databases, Schema.PERMISSION));
            default -> new MemoryPermissionBackend();
        };
        // Measured inside the memo: the series count the calls that reach the backend.
        return new MemoizedPermissions(meters.measure(backend), memo);
    }

    @Produces
    @ApplicationScoped
    @Startup
    Cache cache(KintoSettings settings, DynamicSettings dynamic, Databases databases, Vertx vertx, KintoMeters meters) {
        return meters.measure(switch (available("cache_backend", settings.cacheBackend(), BackendName.REDIS)) {
            case POSTGRESQL -> new PostgresCache(database("cache", settings.cacheUrl(), dynamic, databases, Schema.CACHE),
                    settings.cachePrefix().orElse(""));
            case REDIS -> new RedisCache(vertx, settings.cacheUrl().orElse(""),
                    dynamic.integer("cache_pool_size").orElse(25), settings.cachePrefix().orElse(""),
                    seconds("cache_pool_timeout", dynamic.get("cache_pool_timeout").orElse(DEFAULT_REDIS_TIMEOUT_SECONDS)));
            default -> new MemoryCache(settings.cachePrefix().orElse(""));
        });
    }

    void closeCache(@Disposes Cache cache) throws Exception {
        if (cache instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    /** Bound of each exchange with the Redis cache (README, Redis cache): Redis answers in microseconds. */
    static final String DEFAULT_REDIS_TIMEOUT_SECONDS = "2";

    private static Duration seconds(String setting, String value) {
        try {
            double seconds = Double.parseDouble(value.strip());
            if (seconds > 0 && seconds <= 3600) {
                return Duration.ofMillis(Math.round(seconds * 1000));
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalStateException("Setting " + setting + " must be a number of seconds between 0 and 3600, not '"
                + value + "'");
    }

    /** PostgreSQL storage: the request's unit of work is a transaction on its database (storage.md §2.7). */
    @Produces
    @Singleton
    Transactions transactions(KintoSettings settings, DynamicSettings dynamic, Databases databases) {
        // Decided by the settings: the Storage bean may be a measuring wrapper, whose class says nothing of the backend.
        return settings.storageBackend() == BackendName.POSTGRESQL
                ? new PostgresTransactions(database("storage", settings.storageUrl(), dynamic, databases, null))
                : new MemoryTransactions();
    }

    /** Bound of each exchange with PostgreSQL (README, Reliability); 0 turns it off. */
    static final int DEFAULT_STATEMENT_TIMEOUT_SECONDS = 10;

    /** The backend's database (shared by backends naming the same URL); its schema is applied unless null. */
    static Database database(String backend, Optional<String> url, DynamicSettings dynamic, Databases databases,
                                     Schema schema) {
        Database database = databases.get(backend + "_url", url.orElse(""),
                PoolSizing.maxSize(dynamic.integer(backend + "_pool_size").orElse(PoolSizing.DEFAULT_POOL_SIZE),
                        dynamic.integer(backend + "_max_overflow").orElse(PoolSizing.DEFAULT_MAX_OVERFLOW),
                        PoolSizing.eventLoops(ConfigProvider.getConfig()
                                .getOptionalValue("quarkus.vertx.event-loops-pool-size", Integer.class))),
                dynamic.integer(backend + "_pool_timeout").orElse(30),
                dynamic.integer(backend + "_statement_timeout_seconds").orElse(DEFAULT_STATEMENT_TIMEOUT_SECONDS));
        boolean autoMigrate = !dynamic.get("auto_migrate").map(String::trim).orElse("true").equalsIgnoreCase("false");
        // `migrate --dry-run` only compares the tables with the scripts (MigrateCommand).
        if (schema != null && !CommandProperties.dryRun()) {
            if (Boolean.getBoolean(KintoMain.MIGRATE_PROPERTY)) {
                schema.apply(database);
            } else if (autoMigrate) {
                schema.ensure(database);
            }
        }
        return database;
    }

    @Produces
    @Singleton
    Authorizer authorizer(PermissionBackend permissions, DynamicSettings settings) {
        return new AclAuthorizer(permissions, settings::get);
    }

    @Produces
    @ApplicationScoped
    @Startup
    Plugins plugins(KintoSettings settings) {
        return Plugins.fromSetting(settings.includes().orElse(""));
    }

    /** The OpenID policies' providers, whose configuration is fetched at startup (plugins.md §6). */
    @Produces
    @ApplicationScoped
    @Startup
    OpenIdProviders openIdProviders(Vertx vertx, @ConfigProperty(name = "multiauth.policies") Optional<String> policies) {
        Config config = ConfigProvider.getConfig();
        List<OpenIdSettings> settings = OpenIdSettings.fromSettings(policies.orElse(""),
                name -> config.getOptionalValue(name, String.class));
        return settings.isEmpty() ? OpenIdProviders.NONE : OpenIdProviders.discover(settings, new ProviderHttp(vertx));
    }

    void closeOpenIdProviders(@Disposes OpenIdProviders providers) {
        providers.close();
    }

    @Produces
    @Singleton
    @Startup
    Authenticator authenticator(KintoSettings settings, DynamicSettings dynamic, Plugins plugins, Storage storage,
                                Cache cache, PermissionBackend permissions, KintoMeters meters, OpenIdProviders openid,
                                @ConfigProperty(name = "multiauth.policies") Optional<String> policies) {
        Config config = ConfigProvider.getConfig();
        Function<String, Optional<String>> raw = name -> config.getOptionalValue(name, String.class);
        String secret = settings.useridHmacSecret().orElse("");
        if (plugins.includes(Plugins.ACCOUNTS)) {
            AuthenticationPolicies.checkAccountsSetup(policies.orElse(""), raw,
                    WhitespaceList.split(dynamic.get("account_create_principals").orElse("")),
                    WhitespaceList.split(dynamic.get("account_write_principals").orElse("")));
        }
        Duration ttl = Duration.ofSeconds(dynamic.integer("account_cache_ttl_seconds").orElse(30));
        return new Authenticator(meters.measure(AuthenticationPolicies.fromSettings(policies.orElse(""), raw, secret,
                () -> new AccountsPolicy(storage, cache, secret, ttl),
                name -> openid.get(name).map(provider -> new OpenIdPolicy(provider, cache, secret)))), permissions);
    }

    @Produces
    @Singleton
    ResourceKinds resourceKinds(Plugins plugins, KintoSettings settings, DynamicSettings dynamic, Cache cache) {
        ResourceKinds kinds = new ResourceKinds(CoreKinds.ALL);
        if (plugins.includes(History.PLUGIN)) {
            kinds.register(History.KIND);
        }
        if (plugins.includes(Plugins.ACCOUNTS)) {
            Set<String> administrators = Set.copyOf(WhitespaceList.split(dynamic.get("account_write_principals").orElse("")));
            kinds.register(new Accounts(administrators, cache, settings.useridHmacSecret().orElse(""),
                    settings.accountBcryptCost()).kind());
        }
        return kinds;
    }

    @Produces
    @Singleton
    EngineSettings engineSettings(KintoSettings settings, DynamicSettings dynamic) {
        return new EngineSettings(settings, dynamic);
    }

    /**
     * The engine's event listeners (events.md): the history and quotas plugins', then those of {@code event_listeners}. Built at
     * startup, so that a listener that cannot be configured stops the service.
     */
    @Produces
    @Singleton
    @Startup
    Events events(Transactions transactions, Storage storage, PermissionBackend permissions, Plugins plugins,
                  KintoSettings settings, DynamicSettings dynamic, Vertx vertx, RequestMemo memo, ChangeFeed feed,
                  dev.kintoj.attachment.Attachments attachments, KintoMeters meters) {
        List<EventListener> listeners = new ArrayList<>();
        if (plugins.includes(History.PLUGIN)) {
            listeners.add(meters.measureHistory(new HistoryListener(storage, permissions, HistorySettings.from(dynamic),
                    settings.explicitPermissions(), Clock.systemUTC())));
        }
        if (plugins.includes(Quotas.PLUGIN)) {
            listeners.add(new QuotaListener(storage, QuotaLimits.checked(dynamic::get)));
        }
        if (attachments.enabled()) {
            listeners.add(new dev.kintoj.attachment.AttachmentListener(attachments, storage));
        }
        listeners.addAll(ConfiguredListeners.from(dynamic, vertx, meters::measureListener));
        if (feed.settings().enabled()) {
            listeners.add(feed);
        }
        return new Events(transactions, listeners, memo);
    }

    /** The live change feed (README): across replicas through PostgreSQL or Redis, in process otherwise. */
    @Produces
    @ApplicationScoped
    @Startup
    ChangeFeed changeFeed(KintoSettings settings, DynamicSettings dynamic, Databases databases, Storage storage, Vertx vertx) {
        FeedSettings feed = FeedSettings.from(dynamic);
        boolean postgres = feed.enabled() && settings.storageBackend() == BackendName.POSTGRESQL;
        return ChangeFeed.create(feed, dynamic, vertx.getDelegate(), storage,
                postgres ? database("storage", settings.storageUrl(), dynamic, databases, null) : null,
                postgres ? dev.kintoj.postgresql.PostgresUrl.parse("storage_url", settings.storageUrl().orElse("")) : null);
    }

    void closeChangeFeed(@Disposes ChangeFeed feed) {
        feed.close();
    }

    @Produces
    @Singleton
    ObjectService objectService(Storage storage, PermissionBackend permissions, Cache cache, Events events,
                                ParentLookups parents, Authorizer authorizer, ResourceKinds kinds, EngineSettings settings,
                                Transactions transactions, RequestMemo memo) {
        return new ObjectService(storage, permissions, cache, events, parents, authorizer, kinds, settings,
                System::currentTimeMillis, new ReadAhead(transactions, memo));
    }

    @Produces
    @Singleton
    ParentLookups parentLookups(RequestMemo memo) {
        return new ParentLookups(memo);
    }

    @Produces
    @Singleton
    RequestMemo requestMemo() {
        return new RequestMemo();
    }

    @Produces
    @Singleton
    DefaultBucket defaultBucket(Plugins plugins, ObjectService service, KintoSettings settings) {
        return new DefaultBucket(plugins.includes(Plugins.DEFAULT_BUCKET), service,
                settings.defaultBucketHmacSecret().orElse(""), settings.readonly());
    }

    @Produces
    @ApplicationScoped
    PermissionsList permissionsList(PermissionBackend permissions, Storage storage, ResourceKinds kinds,
                                    DynamicSettings dynamic, EngineSettings settings) {
        return new PermissionsList(permissions, storage, kinds, dynamic::get, settings, System::currentTimeMillis);
    }

    private static BackendName available(String setting, BackendName backend, BackendName... alsoAvailable) {
        List<BackendName> names = new ArrayList<>(List.of(BackendName.MEMORY, BackendName.POSTGRESQL));
        names.addAll(List.of(alsoAvailable));
        if (!names.contains(backend)) {
            List<String> choices = names.stream().map(name -> name.name().toLowerCase(java.util.Locale.ROOT)).toList();
            throw new IllegalStateException("Setting " + setting + " = " + backend.name().toLowerCase(java.util.Locale.ROOT)
                    + " is not available in this version: use " + String.join(", ", choices.subList(0, choices.size() - 1))
                    + " or " + choices.get(choices.size() - 1));
        }
        return backend;
    }
}
