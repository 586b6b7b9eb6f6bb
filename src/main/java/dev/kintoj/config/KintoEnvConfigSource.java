package dev.kintoj.config;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Kinto's environment overrides: {@code kinto.<key>} and {@code multiauth.<key>} are read from
 * {@code KINTO_<NAME>}, else {@code <NAME>}, with values interpreted like ini values.
 */
public final class KintoEnvConfigSource implements ConfigSource {

    /**
     * Above SmallRye's own environment source (300): for {@code multiauth.policies} it would
     * answer {@code MULTIAUTH_POLICIES} before {@code KINTO_MULTIAUTH_POLICIES} is consulted, and
     * it would return JSON-quoted or {@code null} values verbatim. Still below system properties (400).
     */
    public static final int ORDINAL = 310;

    private final Map<String, String> environment;

    public KintoEnvConfigSource() {
        this(System.getenv());
    }

    KintoEnvConfigSource(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Environment variables consulted for a property, in order of precedence; empty if none. */
    public static Optional<String[]> variableNames(String propertyName) {
        String key;
        if (propertyName.startsWith(IniConfigSource.PREFIX)) {
            key = propertyName.substring(IniConfigSource.PREFIX.length());
        } else if (propertyName.startsWith(IniConfigSource.MULTIAUTH_PREFIX)) {
            key = propertyName;
        } else {
            return Optional.empty();
        }
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String name = key.replace('.', '_').replace('-', '_').toUpperCase(Locale.ROOT);
        return Optional.of(new String[] {"KINTO_" + name, name});
    }

    @Override
    public String getValue(String propertyName) {
        String[] names = variableNames(propertyName).orElse(null);
        if (names == null) {
            return null;
        }
        for (String name : names) {
            String raw = environment.get(name);
            if (raw != null) {
                // The first variable set decides, even when it is JSON null (absent).
                return IniConfigSource.nativeValue(raw).orElse(null);
            }
        }
        return null;
    }

    @Override
    public Set<String> getPropertyNames() {
        // Values are served by name only: listed names make SmallRye's mapping validation re-interpret them as
        // environment names (kinto.project_name -> kinto.project.name) and reject them as unknown.
        return Set.of();
    }

    @Override
    public String getName() {
        return "kinto-environment-settings";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
