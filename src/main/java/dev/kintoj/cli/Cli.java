package dev.kintoj.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Kinto's command line ({@code kinto <command> [options]}): the same verbs, flags, messages and exit codes. Commands
 * that need no backend (help, version, init) are answered here; the others become system properties read once
 * the application has started ({@link CommandProperties}), with no HTTP server except for {@code start}.
 */
public final class Cli {

    public static final String PROG = "kinto";
    static final List<String> COMMANDS = List.of("init", "start", "migrate", "flush-cache", "version", "rebuild-quotas", "create-user",
            "purge-deleted", "delete-collection");

    /** What to do after parsing: exit with a code, or start the application with these arguments. */
    public record Outcome(Integer exitCode, String[] quarkusArgs) {
        static Outcome exit(int code) {
            return new Outcome(code, null);
        }
    }

    private final PrintStream out;
    private final PrintStream err;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * {@code args} after the global {@code --ini} was taken out; the first one names the command. No command at all
     * starts the service, as before this command line existed.
     */
    public Outcome run(String ini, String[] args) {
        if (args.length == 0) {
            return new Outcome(null, args);
        }
        String command = args[0];
        if (command.equals("-h") || command.equals("--help")) {
            out.print(mainHelp());
            return Outcome.exit(0);
        }
        if (!COMMANDS.contains(command)) {
            return usageError(mainUsage(), "argument subcommand: invalid choice: '" + command + "' (choose from "
                    + String.join(", ", COMMANDS.stream().map(c -> "'" + c + "'").toList()) + ")");
        }
        Options options;
        try {
            options = Options.parse(command, java.util.Arrays.copyOfRange(args, 1, args.length));
        } catch (IllegalArgumentException e) {
            return usageError(Options.usage(command), e.getMessage());
        }
        if (options.help()) {
            out.print(Options.help(command));
            return Outcome.exit(0);
        }
        String iniFile = options.value("--ini") != null ? options.value("--ini") : ini;
        if (iniFile == null && !command.equals("init") && Files.isRegularFile(Path.of(defaultIni()))) {
            // As Kinto, a command reads KINTO_INI, else config/kinto.ini of the working directory; where there is
            // none we serve our defaults (Kinto refuses to start without a file).
            iniFile = defaultIni();
        }
        if (iniFile != null && !command.equals("init")) {
            System.setProperty(dev.kintoj.config.IniConfigSource.PATH_PROPERTY, iniFile);
        }
        return switch (command) {
            case "version" -> {
                String version = version();
                if (version == null) {
                    yield maintenance(command, options);
                }
                out.println(version);
                yield Outcome.exit(0);
            }
            case "init" -> Outcome.exit(init(iniFile, options));
            case "start" -> {
                if (options.value("--port") != null) {
                    System.setProperty("quarkus.http.port", options.value("--port"));
                }
                yield new Outcome(null, new String[0]);
            }
            default -> maintenance(command, options);
        };
    }

    /** A maintenance command: the backends start, the command runs, the process exits with its code. */
    private static Outcome maintenance(String command, Options options) {
        CommandProperties.set(command, options.values(), options.positional());
        System.setProperty("quarkus.http.host-enabled", "false");
        System.setProperty("quarkus.banner.enabled", "false");
        return new Outcome(null, new String[0]);
    }

    private int init(String ini, Options options) {
        Path file = Path.of(ini != null ? ini : defaultIni());
        if (Files.exists(file)) {
            err.println(file + " already exists.");
            return 1;
        }
        // As Kinto, each backend not given is asked for, the storage one first.
        java.io.BufferedReader input = new java.io.BufferedReader(
                new java.io.InputStreamReader(System.in, java.nio.charset.StandardCharsets.UTF_8));
        String backend = options.value("--backend");
        if (backend == null) {
            backend = IniTemplate.ask(out, input, IniTemplate.BACKEND_PROMPT, IniTemplate.BACKEND_ANSWERS);
        }
        String cacheBackend = options.value("--cache-backend");
        if (backend != null && cacheBackend == null) {
            cacheBackend = IniTemplate.ask(out, input, IniTemplate.CACHE_BACKEND_PROMPT, IniTemplate.CACHE_BACKEND_ANSWERS);
        }
        if (backend == null || cacheBackend == null) {
            err.println();
            err.println("ERROR  No backend chosen: the input ended.");
            return 1;
        }
        String host = options.value("--host") != null ? options.value("--host") : "127.0.0.1";
        try {
            String version = version();
            IniTemplate.write(file, backend, cacheBackend, host, version == null ? "unknown" : version);
        } catch (java.io.IOException e) {
            err.println("ERROR  Cannot write " + file + ": " + e.getMessage());
            return 1;
        }
        return 0;
    }

    /** Kinto's default: {@code KINTO_INI}, else {@code config/kinto.ini}. */
    static String defaultIni() {
        String env = System.getenv("KINTO_INI");
        return env != null && !env.isBlank() ? env : "config/kinto.ini";
    }

    /**
     * The build's version, from the manifest of the application's jar; null where there is none (the native
     * binary), where the started application tells it ({@link MaintenanceCommands}).
     */
    static String version() {
        Package own = Cli.class.getPackage();
        if (own != null && own.getImplementationVersion() != null) {
            return own.getImplementationVersion();
        }
        java.net.URL self = Cli.class.getResource("Cli.class");
        String location = self == null ? "" : self.toString();
        if (!location.startsWith("jar:") || !location.contains("!/")) {
            return null;
        }
        String manifest = location.substring(0, location.indexOf("!/") + 2) + "META-INF/MANIFEST.MF";
        try (java.io.InputStream in = java.net.URI.create(manifest).toURL().openStream()) {
            return new java.util.jar.Manifest(in).getMainAttributes().getValue("Implementation-Version");
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    private Outcome usageError(String usage, String message) {
        err.print(usage);
        err.println(PROG + ": error: " + message);
        return Outcome.exit(2);
    }

    static String mainUsage() {
        return "usage: " + PROG + " [-h] {" + String.join(",", COMMANDS) + "} ...\n";
    }

    static String mainHelp() {
        return mainUsage() + "\nKinto Command-Line Interface\n\noptions:\n"
                + "  -h, --help            show this help message and exit\n\nsubcommands:\n  Main Kinto CLI commands\n\n  {"
                + String.join(",", COMMANDS) + "}\n                        Choose and run with --help\n";
    }

    /** The options of one command, checked as argparse would. */
    record Options(boolean help, Map<String, String> values, List<String> positional) {

        /** Options every command takes. */
        private static final Map<String, String> COMMON = map(
                "--ini", "INI_FILE|Application configuration file",
                "-q", "|Show only critical errors.",
                "-v", "|Show all messages, including debug messages.");

        String value(String name) {
            return values.get(name);
        }

        /** name (long form) -> "METAVAR|help", METAVAR empty for a flag. */
        static Map<String, String> declared(String command) {
            Map<String, String> options = new LinkedHashMap<>(COMMON);
            switch (command) {
                case "init" -> options.putAll(map("--backend", "BACKEND|{memory,postgresql}",
                        "--cache-backend", "CACHE-BACKEND|{memory,postgresql,redis}", "--host", "HOST|Host to listen() on."));
                case "migrate" -> options.putAll(map("--dry-run", "|Simulate the migration operations and show information"));
                case "rebuild-quotas" -> options.putAll(map("--dry-run", "|Simulate the rebuild operation and show information"));
                case "start" -> options.putAll(map("--reload", "|Restart when code or config changes (not supported: ignored)",
                        "--port", "PORT|Listening port number"));
                case "create-user" -> options.putAll(map("-u", "USERNAME|Superuser username", "-p", "PASSWORD|Superuser password"));
                case "delete-collection" -> options.putAll(map("--bucket", "BUCKET|The bucket where the collection belongs to.",
                        "--collection", "COLLECTION|The collection to remove."));
                default -> {
                }
            }
            return options;
        }

        private static final Map<String, String> ALIASES = Map.of("--quiet", "-q", "--debug", "-v",
                "--username", "-u", "--password", "-p");

        static Options parse(String command, String[] args) {
            Map<String, String> declared = declared(command);
            Map<String, String> values = new LinkedHashMap<>();
            List<String> positional = new ArrayList<>();
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String inline = null;
                if (arg.startsWith("--") && arg.contains("=")) {
                    inline = arg.substring(arg.indexOf('=') + 1);
                    arg = arg.substring(0, arg.indexOf('='));
                }
                String name = ALIASES.getOrDefault(arg, arg);
                if (name.equals("-h") || name.equals("--help")) {
                    help = true;
                } else if (declared.containsKey(name)) {
                    boolean flag = declared.get(name).startsWith("|");
                    if (flag) {
                        values.put(name, "true");
                    } else if (inline != null) {
                        values.put(name, inline);
                    } else if (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                        values.put(name, args[++i]);
                    } else {
                        throw new IllegalArgumentException("argument " + arg + ": expected one argument");
                    }
                } else if (arg.startsWith("-") && !isNumber(arg)) {
                    throw new IllegalArgumentException("unrecognized arguments: " + arg);
                } else {
                    positional.add(arg);
                }
            }
            if (help) {
                return new Options(true, values, positional);
            }
            check(command, values, positional);
            return new Options(false, values, positional);
        }

        private static void check(String command, Map<String, String> values, List<String> positional) {
            switch (command) {
                case "start" -> {
                    String port = values.get("--port");
                    if (port != null && !port.matches("[0-9]{1,5}")) {
                        throw new IllegalArgumentException("argument --port: invalid int value: '" + port + "'");
                    }
                }
                case "delete-collection" -> {
                    List<String> missing = new ArrayList<>();
                    for (String name : List.of("--bucket", "--collection")) {
                        if (!values.containsKey(name)) {
                            missing.add(name);
                        }
                    }
                    if (!missing.isEmpty()) {
                        throw new IllegalArgumentException("the following arguments are required: " + String.join(", ", missing));
                    }
                }
                case "purge-deleted" -> {
                    if (positional.size() < 2) {
                        throw new IllegalArgumentException("the following arguments are required: "
                                + (positional.isEmpty() ? "resource_names, " : "") + "max_retained");
                    }
                    String max = positional.get(positional.size() - 1);
                    if (!isNumber(max)) {
                        throw new IllegalArgumentException("argument max_retained: invalid int value: '" + max + "'");
                    }
                }
                case "init" -> {
                    String backend = values.get("--backend");
                    if (backend != null && !IniTemplate.BACKENDS.contains(backend)) {
                        throw new IllegalArgumentException("argument --backend: invalid choice: '" + backend
                                + "' (choose from 'memory', 'postgresql')");
                    }
                    String cache = values.get("--cache-backend");
                    if ("memcached".equals(cache)) {
                        // Kinto offers memcached; we have no memcached cache: say so rather than write a file that
                        // would not start.
                        throw new IllegalArgumentException("argument --cache-backend: 'memcached' is not supported by this"
                                + " server: choose from 'memory', 'postgresql', 'redis'");
                    }
                    if (cache != null && !IniTemplate.CACHE_BACKENDS.contains(cache)) {
                        throw new IllegalArgumentException("argument --cache-backend: invalid choice: '" + cache
                                + "' (choose from 'memory', 'postgresql', 'redis')");
                    }
                }
                default -> {
                }
            }
            if (!command.equals("purge-deleted") && !positional.isEmpty()) {
                throw new IllegalArgumentException("unrecognized arguments: " + String.join(" ", positional));
            }
        }

        private static boolean isNumber(String text) {
            return text.matches("-?[0-9]+");
        }

        static String usage(String command) {
            StringBuilder usage = new StringBuilder("usage: " + PROG + " " + command + " [-h]");
            declared(command).forEach((name, spec) -> {
                String metavar = spec.substring(0, spec.indexOf('|'));
                boolean required = command.equals("delete-collection") && !COMMON.containsKey(name);
                String option = metavar.isEmpty() ? name : name + " " + metavar;
                usage.append(' ').append(required ? option : "[" + option + "]");
            });
            if (command.equals("purge-deleted")) {
                usage.append(" resource_names [resource_names ...] max_retained");
            }
            return usage.append('\n').toString();
        }

        static String help(String command) {
            StringBuilder help = new StringBuilder(usage(command));
            if (command.equals("purge-deleted")) {
                help.append("\npositional arguments:\n")
                        .append(String.format("  %-22s%s%n", "resource_names", "The resources to purge (e.g. record, collection)"))
                        .append(String.format("  %-22s%s%n", "max_retained", "Number of tombstones to keep per parent and resource"));
            }
            help.append("\noptions:\n").append(String.format("  %-22s%s%n", "-h, --help", "show this help message and exit"));
            declared(command).forEach((name, spec) -> {
                String metavar = spec.substring(0, spec.indexOf('|'));
                String text = spec.substring(spec.indexOf('|') + 1);
                String alias = ALIASES.entrySet().stream().filter(e -> e.getValue().equals(name)).map(Map.Entry::getKey)
                        .findFirst().map(a -> ", " + a + (metavar.isEmpty() ? "" : " " + metavar)).orElse("");
                String option = name + (metavar.isEmpty() ? "" : " " + metavar) + alias;
                help.append(option.length() <= 20 ? String.format("  %-22s%s%n", option, text)
                        : String.format("  %s%n  %-22s%s%n", option, "", text));
            });
            return help.toString();
        }

        private static Map<String, String> map(String... pairs) {
            Map<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < pairs.length; i += 2) {
                map.put(pairs[i], pairs[i + 1]);
            }
            return map;
        }
    }
}
