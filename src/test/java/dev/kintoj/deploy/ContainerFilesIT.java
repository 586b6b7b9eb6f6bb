package dev.kintoj.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kintoj.PackagedApp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What can be checked of the container builds without a Docker engine: every file they copy exists once the
 * project is packaged, the image runs as a non-root user, the health check's path answers, and the entrypoint is
 * the command the integration tests run (the JVM image's is run here, with its AppCDS step, on the packaged jar).
 */
class ContainerFilesIT {

    private static final Path NATIVE = Path.of("native", "Dockerfile.native");
    private static final Path JVM = Path.of("native", "Dockerfile.jvm");

    @TempDir
    Path dir;

    @Test
    void everyCopiedFileExistsInTheRepositoryOrTheBuild() throws Exception {
        for (Path path : List.of(NATIVE, JVM)) {
            Dockerfile dockerfile = Dockerfile.read(path);
            for (Dockerfile.Stage stage : dockerfile.stages()) {
                for (Dockerfile.Instruction instruction : stage.all("COPY")) {
                    Dockerfile.Copy copy = Dockerfile.Copy.of(instruction);
                    for (String source : copy.sources()) {
                        if (copy.from() == null) {
                            assertTrue(Files.exists(Path.of(source)), path + ": COPY " + source + " is not in the repository");
                            continue;
                        }
                        Dockerfile.Stage from = dockerfile.stage(copy.from());
                        if (from.all("RUN").isEmpty()) {
                            continue; // an image used as a file source (Maven, busybox): nothing of ours
                        }
                        assertBuilt(path, projectPath(from, source));
                    }
                }
            }
        }
    }

    @Test
    void imagesRunAsAnUnprivilegedUserOnKintosPortWithAHealthCheckTheServiceAnswers() throws Exception {
        try (PackagedApp app = PackagedApp.launch("container-files", Map.of())) {
            for (Path path : List.of(NATIVE, JVM)) {
                Dockerfile.Stage image = Dockerfile.read(path).finalStage();
                Dockerfile.Instruction user = image.last("USER");
                assertNotNull(user, path + " sets no USER");
                assertFalse(Set.of("root", "0", "0:0", "root:root").contains(user.arguments().strip()), path + " runs as root");
                assertEquals("8888", image.last("EXPOSE").arguments().strip(), path.toString());
                String check = image.last("HEALTHCHECK").arguments();
                String probe = check.substring(check.indexOf("http://127.0.0.1:${PORT:-8888}") + "http://127.0.0.1:${PORT:-8888}".length());
                probe = probe.substring(0, probe.indexOf('"'));
                HttpResponse<String> response = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + probe)).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, response.statusCode(), path + ": health check " + probe);
            }
        }
    }

    @Test
    void jvmImageBuildsItsClassArchiveAndStartsWithTheIntegrationTestsCommand() throws Exception {
        Path app = Path.of("target", "quarkus-app");
        Assumptions.assumeTrue(Files.exists(app.resolve("quarkus-run.jar")), "JVM package (not the native run)");
        Dockerfile.Stage image = Dockerfile.read(JVM).finalStage();
        String appDir = image.all("COPY").stream().map(Dockerfile.Copy::of)
                .filter(c -> c.sources().contains("/project/target/quarkus-app/")).findFirst().orElseThrow().destination();
        copyTree(app, dir);
        // The image's own commands, with its application directory mapped onto a copy of the packaged one.
        for (Dockerfile.Instruction run : image.all("RUN")) {
            List<String> command = new ArrayList<>(List.of(run.arguments().replace(appDir, dir + "/").split("\\s+")));
            command.set(0, javaCommand(command.get(0)));
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("run.log").toFile()).start();
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "RUN " + run.arguments() + " should end");
            assertEquals(0, process.exitValue(), Files.readString(dir.resolve("run.log")));
        }
        List<String> entrypoint = new ArrayList<>(Dockerfile.execForm(image.last("ENTRYPOINT").arguments()));
        assertEquals(List.of("-jar", appDir + "quarkus-run.jar"), entrypoint.subList(entrypoint.size() - 2, entrypoint.size()),
                "the jar the integration tests run");
        entrypoint.replaceAll(arg -> arg.replace(appDir, dir + "/"));
        entrypoint.set(0, javaCommand(entrypoint.get(0)));
        entrypoint.add(1, "-Xshare:on"); // fails instead of ignoring an archive the JVM cannot use
        int port = PackagedApp.freePort();
        ProcessBuilder builder = new ProcessBuilder(entrypoint).redirectErrorStream(true).redirectOutput(dir.resolve("app.log").toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        Process process = builder.start();
        try {
            PackagedApp.waitForHello(port, process);
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void nativeImageEntrypointIsTheBinaryWithAnExplicitHeap() throws Exception {
        Dockerfile.Stage image = Dockerfile.read(NATIVE).finalStage();
        String binary = image.all("COPY").stream().map(Dockerfile.Copy::of)
                .filter(c -> c.sources().stream().anyMatch(s -> s.endsWith("-runner"))).findFirst().orElseThrow().destination();
        List<String> entrypoint = Dockerfile.execForm(image.last("ENTRYPOINT").arguments());
        assertEquals(binary, entrypoint.get(0));
        assertTrue(entrypoint.stream().anyMatch(a -> a.matches("-Xmx\\d+[mg]")), "explicit heap: " + entrypoint);
        Path runner = Path.of(System.getProperty("native.image.path", "absent"));
        Assumptions.assumeTrue(Files.isExecutable(runner), "native binary built (-Dnative)");
        List<String> command = new ArrayList<>(entrypoint);
        command.set(0, runner.toString());
        int port = PackagedApp.freePort();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve("app.log").toFile());
        builder.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        Process process = builder.start();
        try {
            PackagedApp.waitForHello(port, process);
        } finally {
            process.destroy();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** A path of the build stage (relative to its WORKDIR) as a path of this checkout. */
    private static String projectPath(Dockerfile.Stage build, String source) {
        String workdir = build.last("WORKDIR").arguments().strip();
        assertTrue(source.startsWith(workdir + "/"), source + " is not under the build's " + workdir);
        return source.substring(workdir.length() + 1);
    }

    private static void assertBuilt(Path dockerfile, String source) throws IOException {
        if (source.endsWith("-runner")) {
            // Only a -Dnative package makes the binary: its configured name must match, and it must exist then.
            Path runner = Path.of(System.getProperty("native.image.path"));
            assertTrue(FileSystems.getDefault().getPathMatcher("glob:" + source).matches(Path.of("target").resolve(runner.getFileName())),
                    dockerfile + ": " + source + " does not name the binary " + runner.getFileName());
            return;
        }
        assertTrue(Files.exists(Path.of(source)), dockerfile + ": " + source + " is not made by ./mvnw package");
    }

    private static String javaCommand(String command) {
        assertEquals("java", command);
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
