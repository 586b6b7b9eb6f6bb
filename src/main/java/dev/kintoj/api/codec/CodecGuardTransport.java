package dev.kintoj.api.codec;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.vertx.core.Vertx;
import io.vertx.core.impl.VertxInternal;
import io.vertx.core.impl.transports.JDKTransport;
import io.vertx.core.net.NetServerOptions;
import org.jboss.logging.Logger;

/**
 * Vert.x' JDK (NIO) transport, which also puts a {@link CodecGuard} into every plain HTTP/1.x connection of an HTTP
 * server, right after Vert.x' decoder and encoder. Neither Vert.x nor Quarkus offers a supported way into that
 * pipeline ({@code HttpServer.invalidRequestHandler} is not reachable through Quarkus, and a broken chunked body never
 * reaches it), so this is tied to Vert.x 4.5 internals: the transport SPI is loaded through META-INF/services when
 * {@code quarkus.vertx.prefer-native-transport} is true, {@code configure} sees the server bootstrap after Vert.x set
 * its child initializer, and that initializer builds the HTTP/1.x pipeline synchronously (handlers "httpDecoder",
 * "httpEncoder") when neither TLS, the PROXY protocol nor cleartext HTTP/2 (disabled by {@link CodecOptions}) is on.
 * {@link #active(Vertx)} lets the service warn at startup when this transport is not the one in use; a connection
 * whose pipeline is not built yet (TLS, PROXY protocol) goes unguarded and gets Vert.x' empty answers.
 *
 * <p>Being the transport, it also makes the client sockets (PostgreSQL, Redis): those consolidate their flushes
 * ({@link #channelFactory}).
 */
@RegisterForReflection
public final class CodecGuardTransport extends JDKTransport {

    private static final Logger LOG = Logger.getLogger(CodecGuardTransport.class);
    private static final String FLUSHES = "kintojFlushes";

    /** Whether this transport is the one Vert.x uses. */
    public static boolean active(Vertx vertx) {
        return vertx instanceof VertxInternal internal && internal.transport() instanceof CodecGuardTransport;
    }

    /**
     * Client sockets (PostgreSQL, Redis) whose flushes are consolidated: a request sends its pipelined statements
     * one after the other, and the client flushes after each, which made one {@code write} system call per statement
     * (on loopback the kernel also delivers each to the server on the spot). Deferred to the end of the event loop's
     * current task, or of the read in progress on that socket, they leave together: one write for what a request
     * sends at once. The answers are no later than the server's reading of the last statement would make them.
     */
    @Override
    public ChannelFactory<? extends Channel> channelFactory(boolean domainSocket) {
        ChannelFactory<? extends Channel> sockets = super.channelFactory(domainSocket);
        return () -> {
            Channel channel = sockets.newChannel();
            channel.pipeline().addFirst(FLUSHES, new FlushConsolidationHandler(
                    FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
            return channel;
        };
    }

    @Override
    public void configure(NetServerOptions options, boolean domainSocket, ServerBootstrap bootstrap) {
        super.configure(options, domainSocket, bootstrap);
        ChannelHandler vertxInitializer = bootstrap.config().childHandler();
        // Vert.x passes a copy of the options as plain NetServerOptions: HTTP servers are told apart by their pipeline.
        if (vertxInitializer != null) {
            bootstrap.childHandler(new Installer(vertxInitializer));
        }
    }

    /** Runs Vert.x' initializer, then adds the guard to the pipeline it built. */
    private static final class Installer extends ChannelInitializer<Channel> {

        private final ChannelHandler vertxInitializer;

        Installer(ChannelHandler vertxInitializer) {
            this.vertxInitializer = vertxInitializer;
        }

        @Override
        protected void initChannel(Channel channel) {
            ChannelPipeline pipeline = channel.pipeline();
            // The channel is registered and this runs on its event loop: Vert.x' initializer runs right here.
            pipeline.addLast(vertxInitializer);
            if (pipeline.get("httpDecoder") != null && pipeline.get("httpEncoder") != null) {
                pipeline.addAfter("httpEncoder", CodecGuard.NAME, new CodecGuard(CodecLimits.current()));
            } else {
                // Not HTTP, or its pipeline is not built yet (TLS, PROXY protocol): left as it is.
                LOG.debugf("No HTTP/1.x pipeline at accept: %s is not guarded", channel);
            }
        }
    }
}
