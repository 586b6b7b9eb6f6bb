package dev.kintoj.cli;

import dev.kintoj.config.KintoMain;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command the process runs instead of serving, passed from {@link Cli} (before startup) to the observers that
 * run it once the backends are built, as system properties.
 */
public final class CommandProperties {

    static final String COMMAND = "kintoj.command";
    private static final String OPTION = "kintoj.command.option.";
    private static final String POSITIONAL = "kintoj.command.positional";
    /** {@code migrate --dry-run}: the schema scripts are not applied, only compared with the database. */
    public static final String DRY_RUN = "kintoj.migrate.dry-run";

    private CommandProperties() {
    }

    static void set(String command, Map<String, String> options, List<String> positional) {
        System.setProperty(COMMAND, command);
        options.forEach((name, value) -> System.setProperty(OPTION + name, value));
        System.setProperty(POSITIONAL, String.join("\u001f", positional));
        if (command.equals("migrate")) {
            System.setProperty(KintoMain.MIGRATE_PROPERTY, "true");
            if (options.containsKey("--dry-run")) {
                System.setProperty(DRY_RUN, "true");
            }
        }
    }

    /** The maintenance command of this process, if it runs one. */
    public static Optional<String> command() {
        return Optional.ofNullable(System.getProperty(COMMAND));
    }

    static String option(String name) {
        return System.getProperty(OPTION + name);
    }

    static List<String> positional() {
        String joined = System.getProperty(POSITIONAL, "");
        return joined.isEmpty() ? List.of() : List.of(joined.split("\u001f"));
    }

    public static boolean dryRun() {
        return Boolean.getBoolean(DRY_RUN);
    }
}
