package dev.kintoj.metrics;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * A StatsD agent for tests: a real UDP socket on a free local port whose datagrams a daemon thread splits into lines
 * (a datagram may carry several, separated by newlines) and keeps.
 *
 * <p>One per JVM, shared through the system properties with JDK types only: Quarkus loads the test profile (which
 * gives the service the port) and the test instance (which reads the lines) in different class loaders, each with
 * its own static fields.
 */
final class StatsdAgent {

    private static final String SHARED = "kintoj.test.statsd-agent";

    private final int port;
    private final Queue<String> lines;

    private StatsdAgent(int port, Queue<String> lines) {
        this.port = port;
        this.lines = lines;
    }

    @SuppressWarnings("unchecked")
    static synchronized StatsdAgent start() {
        synchronized (System.getProperties()) {
            if (System.getProperties().get(SHARED) instanceof Object[] shared) {
                return new StatsdAgent((Integer) shared[0], (Queue<String>) shared[1]);
            }
            try {
                DatagramChannel channel = DatagramChannel.open(StandardProtocolFamily.INET);
                channel.setOption(java.net.StandardSocketOptions.SO_RCVBUF, 4 << 20);
                channel.bind(new InetSocketAddress("127.0.0.1", 0));
                Queue<String> lines = new ConcurrentLinkedQueue<>();
                Thread thread = new Thread(() -> receive(channel, lines), "statsd-agent");
                thread.setDaemon(true);
                thread.start();
                int port = ((InetSocketAddress) channel.getLocalAddress()).getPort();
                System.getProperties().put(SHARED, new Object[] {port, lines});
                return new StatsdAgent(port, lines);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    int port() {
        return port;
    }

    private static void receive(DatagramChannel channel, Queue<String> lines) {
        ByteBuffer buffer = ByteBuffer.allocate(65_536);
        while (channel.isOpen()) {
            try {
                buffer.clear();
                channel.receive(buffer);
                buffer.flip();
                String datagram = StandardCharsets.UTF_8.decode(buffer).toString();
                lines.addAll(List.of(datagram.split("\n")));
            } catch (IOException e) {
                return;
            }
        }
    }

    void clear() {
        lines.clear();
    }

    /** Waits up to five seconds for a line equal to {@code expected}. */
    void await(String expected) {
        await(expected, expected::equals);
    }

    /** Waits up to five seconds for a line matching {@code expected} entirely. */
    void await(Pattern expected) {
        await(expected.pattern(), line -> expected.matcher(line).matches());
    }

    private void await(String description, Predicate<String> expected) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (lines.stream().anyMatch(expected)) {
                return;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        fail("no StatsD line " + description + " among " + lines);
    }
}
