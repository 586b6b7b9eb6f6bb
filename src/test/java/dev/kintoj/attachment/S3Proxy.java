package dev.kintoj.attachment;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real S3 API on localhost for the attachment tests: s3proxy (copied to {@code target/s3proxy} by the build) in
 * its own JVM, on a free port, storing objects as plain files (its filesystem blob store), with SigV4 credentials.
 */
public class S3Proxy implements QuarkusTestResourceLifecycleManager {

    static final String BUCKET = "kintoj-files";
    static final String ACCESS_KEY = "kintoj-access";
    static final String SECRET_KEY = "kintoj-secret";

    /** Where s3proxy keeps the objects (one directory per bucket), one per test JVM (class loaders must agree). */
    static final Path DATA = Path.of("target", "s3proxy-data-" + ProcessHandle.current().pid()).toAbsolutePath();

    private Process process;

    @Override
    public Map<String, String> start() {
        try {
            Path jar = Path.of("target", "s3proxy", "s3proxy.jar").toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: the build copies it (maven-dependency-plugin)");
            }
            Path base = DATA;
            Files.createDirectories(base.resolve(BUCKET));
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path properties = base.resolve("s3proxy.conf");
            Files.writeString(properties, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.filesystem.basedir=" + base,
                    "jclouds.identity=unused",
                    "jclouds.credential=unused", ""));
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(List.of(java, "-Xmx256m", "-jar", jar.toString(), "--properties", properties.toString()))
                    .redirectErrorStream(true)
                    .redirectOutput(base.resolve("s3proxy.log").toFile())
                    .start();
            awaitPort(port, base.resolve("s3proxy.log"));
            return Map.of(
                    "kinto.attachment.aws.endpoint_url", "http://127.0.0.1:" + port,
                    "kinto.attachment.aws.bucket_name", BUCKET,
                    "kinto.attachment.aws.access_key", ACCESS_KEY,
                    "kinto.attachment.aws.secret_key", SECRET_KEY,
                    "kinto.attachment.aws.acl", "public-read");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void awaitPort(int port, Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited: " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        throw new IllegalStateException("s3proxy did not listen on " + port + ": " + Files.readString(log));
    }

    @Override
    public void stop() {
        if (process != null) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
