package dev.kintoj.platform;

import dev.kintoj.config.IniConfigSource;
import dev.kintoj.config.KintoEnvConfigSource;
import java.util.Map;
import java.util.Set;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * Any Kinto setting from a file: {@code KINTO_USERID_HMAC_SECRET_FILE=/run/secrets/userid_hmac_secret} (or without the
 * {@code KINTO_} prefix), as Docker and Kubernetes mount secrets. The file's content is read like the variable's value.
 */
public final class SecretFilesConfigSource implements ConfigSource {

    /** Just below the Kinto environment source (310): a variable set directly wins over its {@code _FILE}. */
    public static final int ORDINAL = 305;

    private final EnvironmentValues environment;

    public SecretFilesConfigSource() {
        this(System.getenv());
    }

    SecretFilesConfigSource(Map<String, String> environment) {
        this.environment = new EnvironmentValues(environment);
    }

    @Override
    public String getValue(String propertyName) {
        String[] names = KintoEnvConfigSource.variableNames(propertyName).orElse(null);
        if (names == null) {
            return null;
        }
        // In the Kinto environment source's order, a variable set directly before its file: KINTO_X, KINTO_X_FILE, X...
        for (String name : names) {
            var content = environment.get(name);
            if (content.isPresent()) {
                return IniConfigSource.nativeValue(content.get()).orElse(null);
            }
        }
        return null;
    }

    @Override
    public Set<String> getPropertyNames() {
        return Set.of();
    }

    @Override
    public String getName() {
        return "kinto-setting-files";
    }

    @Override
    public int getOrdinal() {
        return ORDINAL;
    }
}
