package dev.kintoj.deploy;

import dev.kintoj.config.KintoSettings;
import io.smallrye.config.WithName;
import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Whether an environment variable set by a deployment file (compose, chart, descriptors) is one the service reads,
 * so that a file cannot set a setting that does nothing: the platform variables, {@code KINTO_<SETTING>} (or its
 * {@code _FILE}) for the settings of {@link KintoSettings}, and the settings read by name at run time, each of
 * which must still be named in the service's sources.
 */
final class ServiceSettings {

    private static final Set<String> PLATFORM = Set.of("PORT", "DATABASE_URL", "REDIS_URL", "QUARKUS_HTTP_PORT");
    /** Settings whose names are built at run time (DynamicSettings), with a literal the sources must contain. */
    private static final Map<Pattern, String> DYNAMIC = Map.of(
            Pattern.compile("(STORAGE|PERMISSION|CACHE)_POOL_(SIZE|TIMEOUT)"), "_pool_size",
            Pattern.compile("AUTO_MIGRATE"), "\"auto_migrate\"",
            Pattern.compile("EVENT_LISTENERS(_[A-Z0-9]+_(USE|URL|LISTNAME|POOL_SIZE|ACTIONS|RESOURCES))?"), "\"event_listeners\"",
            Pattern.compile("[A-Z]+_(READ|WRITE|CREATE)_PRINCIPALS"), "_principals",
            Pattern.compile("ACCOUNT_CACHE_TTL_SECONDS"), "\"account_cache_ttl_seconds\"",
            Pattern.compile("MULTIAUTH_POLICIES|MULTIAUTH_POLICY_[A-Z]+_USE"), "multiauth.policies");

    private static final Set<String> MAPPED = mappedSettings();

    private ServiceSettings() {
    }

    static boolean isRead(String variable) {
        String name = variable.endsWith("_FILE") ? variable.substring(0, variable.length() - "_FILE".length()) : variable;
        if (PLATFORM.contains(name)) {
            return true;
        }
        String setting = name.startsWith("KINTO_") ? name.substring("KINTO_".length()) : name;
        if (MAPPED.contains(setting)) {
            return true;
        }
        return DYNAMIC.entrySet().stream().anyMatch(e -> e.getKey().matcher(setting).matches() && inSources(e.getValue()));
    }

    static void assertAllRead(String where, Iterable<String> variables) {
        for (String variable : variables) {
            if (!isRead(variable)) {
                throw new AssertionError(where + " sets " + variable + ", which the service does not read");
            }
        }
    }

    private static Set<String> mappedSettings() {
        Set<String> names = new HashSet<>();
        for (Method method : KintoSettings.class.getDeclaredMethods()) {
            if (method.isDefault() || Modifier.isStatic(method.getModifiers()) || method.getParameterCount() > 0) {
                continue;
            }
            WithName name = method.getAnnotation(WithName.class);
            String setting = name != null ? name.value() : method.getName().replaceAll("([a-z0-9])([A-Z])", "$1_$2");
            names.add(setting.toUpperCase(Locale.ROOT));
        }
        return names;
    }

    private static boolean inSources(String literal) {
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java"))::iterator) {
                if (Files.readString(file).contains(literal)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
