package dev.kintoj.config;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code includes} setting (plugins.md): plugins named as in Kinto. A name this version cannot serve stops
 * startup, so that a configuration never silently runs without something it asked for.
 */
public final class Plugins {

    public static final String DEFAULT_BUCKET = "kinto.plugins.default_bucket";
    public static final String ACCOUNTS = "kinto.plugins.accounts";
    /** The admin UI, served from {@code admin_assets_path} (none is bundled), and the permissions endpoint it implies. */
    public static final String ADMIN = "kinto.plugins.admin";
    public static final String FLUSH = "kinto.plugins.flush";
    public static final String COUNTERS = "kinto.plugins.counters";
    public static final String QUOTAS = "kinto.plugins.quotas";

    public static final String HISTORY = "kinto.plugins.history";
    public static final String PROMETHEUS = "kinto.plugins.prometheus";
    public static final String STATSD = "kinto.plugins.statsd";
    /** The login endpoints, the {@code openid} capability and {@code user.profile}; the policies work without it. */
    public static final String OPENID = "kinto.plugins.openid";
    /** The kinto-attachment plugin, under the name Kinto's configuration gives it. */
    public static final String ATTACHMENT = "kinto_attachment";

    private static final Set<String> SUPPORTED = Set.of(DEFAULT_BUCKET, ACCOUNTS, ADMIN, HISTORY, FLUSH, COUNTERS,
            PROMETHEUS, STATSD, QUOTAS, OPENID, ATTACHMENT);

    private final Set<String> included;

    private Plugins(Set<String> included) {
        this.included = included;
    }

    public static Plugins fromSetting(String includes) {
        Set<String> included = new LinkedHashSet<>();
        for (String name : WhitespaceList.split(includes == null ? "" : includes)) {
            String plugin = name;
            if (!SUPPORTED.contains(plugin)) {
                throw new IllegalArgumentException("Setting includes: unknown plugin " + name
                        + " (this version provides " + String.join(", ", List.copyOf(new java.util.TreeSet<>(SUPPORTED))) + ")");
            }
            included.add(plugin);
        }
        return new Plugins(Set.copyOf(included));
    }

    public boolean includes(String plugin) {
        return included.contains(plugin);
    }

    /** {@code /permissions} is served when the setting asks for it or the admin plugin is included. */
    public boolean permissionsEndpoint(boolean experimentalPermissionsEndpoint) {
        return experimentalPermissionsEndpoint || includes(ADMIN);
    }
}
