package dev.kintoj.metrics;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends StatsD lines over UDP from one daemon thread. A request only puts its lines in a bounded queue: when the
 * queue is full (the agent is slow or the thread starved) lines are dropped, never waited for, as UDP would drop
 * them anyway. Lines queued together leave in one datagram, separated by newlines (the StatsD multi-metric packet).
 */
final class StatsdSender implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StatsdSender.class);
    /** Fits the usual 1,500-byte MTU with IP and UDP headers, so that no datagram is fragmented. */
    static final int MAX_PACKET = 1432;
    private static final int QUEUE = 16_384;

    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(QUEUE);
    private final DatagramChannel channel;
    private final Thread thread;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closed;

    StatsdSender(InetSocketAddress agent) {
        try {
            this.channel = DatagramChannel.open();
            channel.connect(agent);
        } catch (IOException e) {
            throw new IllegalArgumentException("Setting statsd_url: cannot open a UDP socket to " + agent + ": " + e.getMessage(), e);
        }
        this.thread = new Thread(this::run, "kintoj-statsd");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The agent's address of {@code statsd_url}, resolved now (as Kinto's StatsD client does), so that a wrong URL
     * stops startup with a message instead of losing every measurement.
     */
    static InetSocketAddress agent(String url) {
        String invalid = "Setting statsd_url: " + url + " is not udp://host:port";
        URI uri;
        try {
            uri = new URI(url.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(invalid);
        }
        if (!"udp".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 1) {
            throw new IllegalArgumentException(invalid);
        }
        InetSocketAddress address = new InetSocketAddress(uri.getHost(), uri.getPort());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("Setting statsd_url: unknown host " + uri.getHost());
        }
        return address;
    }

    /** Queues one line; drops it when the queue is full. Never blocks. */
    void send(String line) {
        if (!lines.offer(line)) {
            dropped.incrementAndGet();
        }
    }

    private void run() {
        ByteBuffer packet = ByteBuffer.allocate(MAX_PACKET);
        long lastWarning = 0;
        while (!closed) {
            try {
                String line = lines.take();
                for (; line != null; line = lines.poll()) {
                    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
                    if (bytes.length >= MAX_PACKET) {
                        continue; // cannot go in one datagram; our keys are far shorter
                    }
                    if (packet.position() > 0 && packet.position() + 1 + bytes.length > MAX_PACKET) {
                        flush(packet);
                    }
                    if (packet.position() > 0) {
                        packet.put((byte) '\n');
                    }
                    packet.put(bytes);
                }
                flush(packet);
            } catch (InterruptedException e) {
                return;
            }
            // At most one warning every ten seconds: an overloaded agent must not also flood the log.
            long now = System.nanoTime();
            if (dropped.get() > 0 && now - lastWarning > 10_000_000_000L) {
                LOG.warnf("StatsD: %d lines dropped, the queue to %s was full", dropped.getAndSet(0), remote());
                lastWarning = now;
            }
        }
    }

    private void flush(ByteBuffer packet) {
        if (packet.position() == 0) {
            return;
        }
        packet.flip();
        try {
            channel.write(packet);
        } catch (IOException e) {
            // The agent is down (ICMP port unreachable) or the network is: measurements are lost, requests go on.
            LOG.debugf("StatsD: cannot send to %s: %s", remote(), e.toString());
        }
        packet.clear();
    }

    private String remote() {
        try {
            return String.valueOf(channel.getRemoteAddress());
        } catch (IOException e) {
            return "the agent";
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debugf("StatsD: closing the socket: %s", e.toString());
        }
    }
}
