package dev.kintoj.config;

import dev.kintoj.cli.Cli;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;
import java.util.ArrayList;
import java.util.List;

/** Entry point: {@code --ini <path>} selects the Kinto ini file; the other arguments are Kinto's command line ({@link Cli}). */
@QuarkusMain
public final class KintoMain {

    static final String USAGE = "Usage: kinto [--ini <path to Kinto ini file>] [command] [options...] (kinto --help)";
    /** Set when the command is {@code migrate}: create or complete the PostgreSQL tables, then exit. */
    public static final String MIGRATE_PROPERTY = "kintoj.migrate";

    private KintoMain() {
    }

    /**
     * Quarkus refuses request targets that {@code java.net.URI} cannot parse with an empty 400, before any handler
     * of ours; Kinto accepts raw {@code " { [} in query strings, and malformed ones get its error envelope
     * (HttpGate). The test JVM sets it from the build (surefire).
     */
    public static final String URI_VALIDATION_PROPERTY = "vertx.disableURIValidation";

    public static void main(String... args) {
        System.setProperty(URI_VALIDATION_PROPERTY, "true");
        Arguments parsed;
        try {
            parsed = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(USAGE);
            System.exit(2);
            return;
        }
        if (parsed.ini() != null) {
            System.setProperty(IniConfigSource.PATH_PROPERTY, parsed.ini());
        }
        // Kinto's commands (`kinto migrate`, `kinto flush-cache`...); none at all starts the service.
        Cli.Outcome outcome = new Cli(System.out, System.err).run(parsed.ini(), parsed.rest());
        if (outcome.exitCode() != null) {
            System.exit(outcome.exitCode());
            return;
        }
        Quarkus.run(outcome.quarkusArgs());
    }

    record Arguments(String ini, String[] rest) {
    }

    static Arguments parse(String... args) {
        String ini = null;
        List<String> rest = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("--ini")) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("Missing value for --ini");
                }
                ini = args[++i];
            } else if (arg.startsWith("--ini=")) {
                ini = arg.substring("--ini=".length());
            } else if (arg.startsWith("--") && rest.isEmpty() && !arg.equals("--help")) {
                // Before a command: only --ini (and --help) are global; a command's options come after it.
                throw new IllegalArgumentException("Unknown option: " + arg);
            } else {
                rest.add(arg);
            }
        }
        if (ini != null && ini.isBlank()) {
            throw new IllegalArgumentException("Missing value for --ini");
        }
        return new Arguments(ini, rest.toArray(String[]::new));
    }
}
