package dev.kintoj;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The packaged application (the native binary given by the system property {@code native.image.path} when it
 * exists, i.e. with -Dnative; the JVM jar {@code target/quarkus-app/quarkus-run.jar} otherwise) started as a process,
 * as a user would, with arguments and environment variables. Kinto settings of the test JVM's own environment
 * ({@code KINTO_*}, {@code MULTIAUTH_*}) and platform variables ({@code PORT}, {@code DATABASE_URL}...) are not passed on.
 *
 * <p>The static methods give the bare process (its output on its input stream, for tests that read it once the
 * process has stopped); {@link #launch} gives a long-running service whose output goes to a log file, so that it
 * never blocks on a full pipe, and waits until it answers.
 */
public final class PackagedApp implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofSeconds(60);
    /** Set by hosting platforms (and some CI services): they configure the service too, so they are not passed on. */
    private static final java.util.Set<String> PLATFORM_VARIABLES = java.util.Set.of("PORT", "DATABASE_URL", "REDIS_URL");

    private final String name;
    private final int port;
    private final Process process;
    private final Path log;

    private PackagedApp(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    /** Starts the packaged application; its output (stdout and stderr) is the process's input stream. */
    public static Process start(List<String> args, Map<String, String> env) throws IOException {
        return builder(args, env).start();
    }

    /** The same, run in {@code directory} (where relative paths such as Kinto's default config/kinto.ini resolve). */
    public static Process start(List<String> args, Map<String, String> env, Path directory) throws IOException {
        return builder(args, env).directory(directory.toFile()).start();
    }

    /**
     * Starts the packaged application on a free port with {@code env}, its output in
     * {@code target/packaged-app/<name>.log}, and waits until {@code /v1/} answers.
     */
    public static PackagedApp launch(String name, Map<String, String> env) throws Exception {
        int port = freePort();
        Map<String, String> withPort = new HashMap<>(env);
        withPort.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        Path log = Path.of("target", "packaged-app", name + ".log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = builder(List.of(), withPort).redirectOutput(log.toFile());
        PackagedApp app = new PackagedApp(name, port, builder.start(), log);
        try {
            waitForHello(port, app.process, app::log);
        } catch (Throwable e) {
            app.close();
            throw e;
        }
        return app;
    }

    private static ProcessBuilder builder(List<String> args, Map<String, String> env) {
        List<String> command = new ArrayList<>();
        String nativeImage = System.getProperty("native.image.path");
        if (nativeImage != null && Files.isExecutable(Path.of(nativeImage))) {
            command.add(nativeImage);
        } else {
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            // The tests' processes live seconds, mostly starting: the optimising compiler would spend the machine's
            // cores on code it never gets to run. Without it a start takes about a third less time.
            command.add("-XX:TieredStopAtLevel=1");
            command.add("-jar");
            command.add(Path.of("target", "quarkus-app", "quarkus-run.jar").toAbsolutePath().toString());
        }
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("KINTO_") || k.startsWith("MULTIAUTH_")
                || PLATFORM_VARIABLES.contains(k.replaceFirst("_FILE$", "")));
        builder.environment().putAll(env);
        return builder;
    }

    /** Waits (at most 60 s) until {@code /v1/} answers; fails with the process output if it stops first. */
    public static HttpResponse<String> waitForHello(int port, Process process) throws Exception {
        return waitForHello(port, process,
                () -> {
                    try {
                        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
    }

    private static HttpResponse<String> waitForHello(int port, Process process, Supplier<String> output) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v1/"))
                .timeout(Duration.ofSeconds(10)).build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("service exited: " + output.get());
            }
            try {
                return client.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new AssertionError("service did not answer within " + STARTUP.toSeconds() + " s");
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** {@code http://127.0.0.1:<port>/v1} */
    public String base() {
        return "http://127.0.0.1:" + port + "/v1";
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** The service's output so far. */
    public String log() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log " + log + ": " + e + ")";
        }
    }

    /** The last lines of the output, for assertion messages. */
    public String logTail(int lines) {
        List<String> all = log().lines().toList();
        return "--- " + name + " (last " + Math.min(lines, all.size()) + " lines of " + log.getFileName() + ") ---\n"
                + String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
