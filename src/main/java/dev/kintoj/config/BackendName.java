package dev.kintoj.config;

import java.util.Locale;

/**
 * A backend choice. Our short names and Kinto's module names are both accepted, e.g. {@code postgresql},
 * {@code kinto.core.storage.postgresql}, {@code kinto.core.cache.redis}.
 */
public enum BackendName {
    MEMORY, POSTGRESQL, REDIS, MEMCACHED;

    public static class Converter implements org.eclipse.microprofile.config.spi.Converter<BackendName> {
        @Override
        public BackendName convert(String value) {
            String name = value.trim();
            int dot = name.lastIndexOf('.');
            if (dot >= 0 && name.toLowerCase(Locale.ROOT).startsWith("kinto.core.")) {
                name = name.substring(dot + 1);
            }
            try {
                return BackendName.valueOf(name.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Unknown backend '" + value
                        + "': expected memory, postgresql or redis (or Kinto's kinto.core.<kind>.<name>)");
            }
        }
    }
}
