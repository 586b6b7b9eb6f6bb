package dev.kintoj.jsclients;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Node.js side of {@link JsClientsIT}: the npm project of {@code src/test/js} (the official clients, pinned by its
 * package-lock.json) installed with {@code npm ci} into {@code target/js-clients}, and its scenarios run there with
 * Node's own test runner. The install is redone only when the lock file changes; npm's download cache is
 * {@code target/npm-cache}.
 */
final class NodeScenarios {

    static final int NODE_MAJOR = 20;
    private static final Path SOURCE = Path.of("src", "test", "js").toAbsolutePath();
    private static final Path WORK = Path.of("target", "js-clients").toAbsolutePath();
    private static final Path CACHE = Path.of("target", "npm-cache").toAbsolutePath();
    private static final Path INSTALLED_LOCK = WORK.resolve(".installed-package-lock.json");

    private NodeScenarios() {
    }

    /** Fails with what to install when node or npm is missing or too old. */
    static void requireNode() {
        String version = versionOf("node");
        String npm = versionOf("npm");
        if (version.isEmpty() || npm.isEmpty() || major(version) < NODE_MAJOR) {
            throw new AssertionError(missing("found node " + (version.isEmpty() ? "(none)" : version)
                    + " and npm " + (npm.isEmpty() ? "(none)" : npm)));
        }
    }

    private static int major(String version) {
        try {
            return Integer.parseInt(version.replaceFirst("^v", "").split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static String missing(String found) {
        return "JsClientsIT runs the official Kinto JavaScript clients and needs Node.js " + NODE_MAJOR
                + " or newer and npm on the PATH (" + found + "). Install them (Debian: apt-get install nodejs npm),"
                + " or leave this stage out with -Djsclients.skip=true.";
    }

    private static String versionOf(String command) {
        try {
            Process process = new ProcessBuilder(command, "--version").redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            return process.waitFor() == 0 ? out : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** {@code npm ci} of the pinned packages unless this very lock file is already installed. */
    static void install() throws Exception {
        Files.createDirectories(WORK);
        byte[] lock = Files.readAllBytes(SOURCE.resolve("package-lock.json"));
        if (Files.exists(INSTALLED_LOCK) && java.util.Arrays.equals(lock, Files.readAllBytes(INSTALLED_LOCK))
                && Files.isDirectory(WORK.resolve("node_modules"))) {
            return;
        }
        Files.deleteIfExists(INSTALLED_LOCK);
        Files.copy(SOURCE.resolve("package.json"), WORK.resolve("package.json"), StandardCopyOption.REPLACE_EXISTING);
        Files.write(WORK.resolve("package-lock.json"), lock);
        Path log = WORK.resolve("npm-ci.log");
        int status = run(List.of("npm", "ci", "--cache", CACHE.toString(), "--prefer-offline", "--no-audit", "--no-fund"),
                Map.of(), log, 10);
        if (status != 0) {
            throw new AssertionError("npm ci failed in " + WORK + " (exit " + status + "):\n" + tail(log, 40));
        }
        Files.write(INSTALLED_LOCK, lock);
    }

    /**
     * Runs every scenario file with Node's test runner, one file after the other (a scenario flushes the server),
     * against the servers in {@code env}; fails with the runner's report when a scenario fails.
     */
    static void run(String name, Map<String, String> env) throws Exception {
        Path scenarios = WORK.resolve("scenarios");
        Files.createDirectories(scenarios);
        List<String> command = new ArrayList<>(List.of("node", "--test", "--test-concurrency=1", "--test-reporter=spec"));
        try (Stream<Path> files = Files.list(SOURCE.resolve("scenarios"))) {
            for (Path file : files.sorted().toList()) {
                Files.copy(file, scenarios.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                if (file.getFileName().toString().endsWith(".test.mjs")) {
                    command.add(scenarios.resolve(file.getFileName()).toString());
                }
            }
        }
        Path log = WORK.resolve(name + ".log");
        int status = run(command, env, log, 5);
        if (status != 0) {
            throw new AssertionError("JavaScript client scenarios failed against the " + name + " service (exit " + status
                    + ", full report in " + log + "):\n" + tail(log, 150));
        }
    }

    private static int run(List<String> command, Map<String, String> env, Path log, int minutes) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(WORK.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("NO_COLOR", "1");
        Process process = builder.start();
        if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", command) + " did not finish within " + minutes + " min:\n" + tail(log, 60));
        }
        return process.exitValue();
    }

    private static String tail(Path log, int lines) throws IOException {
        List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }
}
