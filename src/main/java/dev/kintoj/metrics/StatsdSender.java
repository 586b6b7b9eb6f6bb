package dev.kintoj.metrics;

import io.netty.util.internal.PlatformDependent;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Sends StatsD lines over UDP from one daemon thread. A request only puts its updates in a bounded queue: when the
 * queue is full (the agent is slow or the thread starved) updates are dropped, never waited for, as UDP would drop
 * them anyway. The thread wakes every {@link #FLUSH_MILLIS} ms, writes the queued updates as lines and sends them in
 * as few datagrams as fit, separated by newlines (the StatsD multi-metric packet; Micrometer's StatsD registry
 * buffers too). It is never woken per update: a wake-up per line was a system call and a thread switch for every
 * measurement, a dozen per request, which made the plugin cost about twice Prometheus' (README, Metrics).
 */
final class StatsdSender implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StatsdSender.class);
    /** Fits the usual 1,500-byte MTU with IP and UDP headers, so that no datagram is fragmented. */
    static final int MAX_PACKET = 1432;
    /** Holds the updates of FLUSH_MILLIS at several hundred thousand a second, more than one machine serves. */
    private static final int QUEUE = 16_384;
    /** How long a line waits at most before it is sent (when the thread gets the CPU). */
    static final long FLUSH_MILLIS = 20;

    static final byte COUNT = 'c';
    static final byte MILLIS = 'm';
    static final byte GAUGE = 'g';

    /** One update of a meter: {@code start} is its {@code <key>:}; a timer's {@code nanos} or another's {@code amount}. */
    record Update(byte[] start, byte type, long nanos, double amount) {
    }

    // Lock-free (Netty's bounded multi-producer queue): the event loops offer a dozen updates a request each, and
    // a locked queue had them contend for its lock, which parked threads and made the plugin cost more than twice
    // Prometheus' (README, Metrics).
    private final Queue<Update> updates = PlatformDependent.newFixedMpscQueue(QUEUE);
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

    /** Queues one update; drops it when the queue is full. Never blocks, never wakes the sender. */
    void send(Update update) {
        if (!updates.offer(update)) {
            dropped.incrementAndGet();
        }
    }

    private void run() {
        ByteBuffer packet = ByteBuffer.allocate(MAX_PACKET);
        StringBuilder value = new StringBuilder(32);
        long lastWarning = 0;
        while (!closed) {
            LockSupport.parkNanos(FLUSH_MILLIS * 1_000_000);
            if (Thread.interrupted()) {
                return;
            }
            // At most a queue's worth per wake-up, so that a flush ends even while the event loops keep adding.
            Update update;
            for (int i = 0; i < QUEUE && (update = updates.poll()) != null; i++) {
                append(packet, update, value);
            }
            flush(packet);
            // At most one warning every ten seconds: an overloaded agent must not also flood the log.
            long now = System.nanoTime();
            if (dropped.get() > 0 && now - lastWarning > 10_000_000_000L) {
                LOG.warnf("StatsD: %d lines dropped, the queue to %s was full", dropped.getAndSet(0), remote());
                lastWarning = now;
            }
        }
    }

    /** Writes an update's line into the packet, after sending the packet first when the line does not fit. */
    private void append(ByteBuffer packet, Update update, StringBuilder value) {
        value.setLength(0);
        switch (update.type()) {
            case MILLIS -> StatsdRegistry.appendMillis(value, update.nanos()).append("|ms");
            case GAUGE -> StatsdRegistry.appendNumber(value, update.amount()).append("|g");
            default -> StatsdRegistry.appendNumber(value, update.amount()).append("|c");
        }
        int length = update.start().length + value.length();
        if (length >= MAX_PACKET) {
            return; // cannot go in one datagram; our keys are far shorter
        }
        if (packet.position() > 0 && packet.position() + 1 + length > MAX_PACKET) {
            flush(packet);
        }
        if (packet.position() > 0) {
            packet.put((byte) '\n');
        }
        packet.put(update.start());
        for (int i = 0; i < value.length(); i++) {
            packet.put((byte) value.charAt(i)); // digits, '.', '-', 'E', '|' and a letter: ASCII
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
        thread.interrupt(); // also ends its park
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debugf("StatsD: closing the socket: %s", e.toString());
        }
    }
}
