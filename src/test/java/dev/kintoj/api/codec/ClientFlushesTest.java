package dev.kintoj.api.codec;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.net.NetSocket;
import io.vertx.core.net.impl.NetSocketInternal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Client sockets made through the service's transport (the PostgreSQL and Redis clients' sockets) send what one
 * event-loop task writes in one flush, not one per write: what reaches the socket is counted by a handler at the
 * head of the pipeline, below the consolidation.
 */
class ClientFlushesTest {

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void writesOfOneTaskLeaveInOneFlush() throws Exception {
        assertTrue(CodecGuardTransport.active(vertx), "the service's transport is loaded");
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            NetSocket socket = vertx.createNetClient().connect(server.getLocalPort(), "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            try (Socket accepted = server.accept()) {
                AtomicInteger flushes = new AtomicInteger();
                ChannelHandlerContext channel = ((NetSocketInternal) socket).channelHandlerContext();
                channel.pipeline().addFirst(new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void flush(ChannelHandlerContext context) {
                        flushes.incrementAndGet();
                        context.flush();
                    }
                });
                channel.executor().execute(() -> {
                    socket.write("one;");
                    socket.write("two;");
                    socket.write("three;");
                });
                assertEquals("one;two;three;", read(accepted, 14));
                assertEquals(1, flushes.get(), "one flush for the three writes");

                channel.executor().execute(() -> socket.write("four;"));
                assertEquals("four;", read(accepted, 5));
                assertEquals(2, flushes.get(), "a later task's write is flushed too");
            }
        }
    }

    private static String read(Socket socket, int length) throws Exception {
        socket.setSoTimeout(10_000);
        InputStream in = socket.getInputStream();
        byte[] bytes = in.readNBytes(length);
        return new String(bytes, StandardCharsets.US_ASCII);
    }
}
