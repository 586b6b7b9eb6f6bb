package dev.kintoj;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Forwards a local port to a TCP server (PostgreSQL in the outage tests). {@link #cut()} closes every forwarded
 * connection and stops listening (new connections are refused, as by a stopped server); {@link #restore()} listens
 * again on the same port; {@link #freeze()} keeps connections open but forwards nothing (a partition). Upstream
 * connections time out after 2 s; all threads are daemons.
 */
public final class TcpForwarder implements AutoCloseable {

    private static final InetAddress LOCALHOST = loopback();

    private final InetSocketAddress target;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tcp-forwarder");
        thread.setDaemon(true);
        return thread;
    });
    private int port;
    private volatile ServerSocket server;
    /** While set, connections stay open and are accepted, but nothing is forwarded (a network partition). */
    private volatile boolean frozen;

    public TcpForwarder(String targetHost, int targetPort) throws IOException {
        this.target = new InetSocketAddress(targetHost, targetPort);
        listen();
    }

    public int port() {
        return port;
    }

    /** Closes all forwarded connections and refuses new ones. */
    public synchronized void cut() throws IOException {
        ServerSocket listening = server;
        server = null;
        if (listening != null) {
            listening.close();
        }
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
        sockets.clear();
    }

    /** Keeps every connection open but forwards nothing, in either direction, until {@link #thaw()}. */
    public void freeze() {
        frozen = true;
    }

    /** Forwards again what was held back, and what follows. */
    public void thaw() {
        frozen = false;
    }

    /** Accepts and forwards connections again, on the same port. */
    public synchronized void restore() throws IOException, InterruptedException {
        if (server != null) {
            return;
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (true) {
            try {
                listen();
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private void listen() throws IOException {
        ServerSocket listening = new ServerSocket();
        listening.setReuseAddress(true);
        listening.bind(new InetSocketAddress(LOCALHOST, port), 50);
        port = listening.getLocalPort();
        server = listening;
        threads.execute(() -> accept(listening));
    }

    private void accept(ServerSocket listening) {
        while (!listening.isClosed()) {
            Socket client;
            try {
                client = listening.accept();
            } catch (IOException closed) {
                return;
            }
            threads.execute(() -> forward(listening, client));
        }
    }

    private void forward(ServerSocket listening, Socket client) {
        sockets.add(client);
        Socket upstream = new Socket();
        sockets.add(upstream);
        try {
            client.setTcpNoDelay(true);
            upstream.setTcpNoDelay(true);
            upstream.connect(target, 2000);
            if (server != listening) {
                throw new IOException("cut meanwhile");
            }
        } catch (IOException e) {
            close(client, upstream);
            return;
        }
        threads.execute(() -> pump(client, upstream));
        pump(upstream, client);
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                while (frozen && !from.isClosed()) {
                    Thread.sleep(20);
                }
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException ignored) {
            // closed by the other side or cut
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            close(from, to);
        }
    }

    private void close(Socket a, Socket b) {
        closeQuietly(a);
        closeQuietly(b);
        sockets.remove(a);
        sockets.remove(b);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // already closed
        }
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        cut();
        threads.shutdownNow();
    }
}
