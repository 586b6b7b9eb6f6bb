package dev.kintoj.config;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Settings whose names are built at run time: {@code <bid>.<cid>.record_cache_expires_seconds},
 * {@code <resource>_<permission>_principals}, {@code <plural|object>_<resource>_<method>_enabled}. Lookups are
 * memoised: configuration does not change while the service runs.
 */
@Singleton
public class DynamicSettings {

    private final ConcurrentHashMap<String, Optional<String>> values = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<String, Boolean>> pluralMethods = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Map<String, Boolean>> objectMethods = new ConcurrentHashMap<>();
    private final Config config = ConfigProvider.getConfig();

    /** The raw value of an unprefixed Kinto setting name. */
    public Optional<String> get(String key) {
        // A plain read first: computeIfAbsent locks the bin of a key it finds beyond the bin's first node, and a
        // hot key (methodEnabled runs per request) would contend with itself on the event loops.
        Optional<String> known = values.get(key);
        if (known != null) {
            return known;
        }
        return values.computeIfAbsent(key, k -> config.getOptionalValue("kinto." + k, String.class)
                .map(String::trim).filter(v -> !v.isEmpty()));
    }

    public Optional<Integer> integer(String key) {
        return get(key).map(value -> {
            try {
                return Integer.valueOf(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Setting " + key + " must be an integer, not '" + value + "'");
            }
        });
    }

    /**
     * {@code <plural|object>_<resource>_<method>_enabled}, true unless set to a false value. Asked per request (and
     * per method for an Allow header): answered from maps keyed by the strings given, without building the name.
     */
    public boolean methodEnabled(boolean plural, String resource, String method) {
        ConcurrentHashMap<String, Map<String, Boolean>> byResource = plural ? pluralMethods : objectMethods;
        Map<String, Boolean> byMethod = byResource.get(resource);
        if (byMethod == null) {
            byMethod = byResource.computeIfAbsent(resource, r -> new ConcurrentHashMap<>());
        }
        Boolean enabled = byMethod.get(method);
        if (enabled == null) {
            String key = (plural ? "plural_" : "object_") + resource + "_" + method.toLowerCase(Locale.ROOT) + "_enabled";
            enabled = get(key).map(v -> new StrictBooleanConverter().convert(v)).orElse(true);
            byMethod.put(method, enabled);
        }
        return enabled;
    }
}
