package dev.kintoj.config;

import java.util.Locale;

/**
 * A backend choice. Our short names and Kinto's module names are both accepted, e.g. {@code postgresql},
 * {@code kinto.core.storage.postgresql}, {@code kinto.core.cache.redis}, and the kinto-redis plugin's modules
 * ({@code kinto_redis.cache}).
 */
public enum BackendName {
    MEMORY, POSTGRESQL, REDIS, MEMCACHED;

    public static class Converter implements org.eclipse.microprofile.config.spi.Converter<BackendName> {
        @Override
        public BackendName convert(String value) {
            String name = value.trim();
            int dot = name.lastIndexOf('.');
            String lower = name.toLowerCase(Locale.ROOT);
            if (dot >= 0 && lower.startsWith("kinto.core.")) {
                name = name.substring(dot + 1);
            } else if (lower.startsWith("kinto_redis.")) {
                name = "redis";
            }
            try {
                return BackendName.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown backend '" + value
                        + "': expected memory, postgresql or redis (or Kinto's kinto.core.<kind>.<name>, kinto_redis.<kind>)");
            }
        }
    }
}
