package dev.kintoj.api.codec;

import dev.kintoj.core.Errno;
import dev.kintoj.core.Json;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.ValidationEntry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;

import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeUnit;

/**
 * Answers what the HTTP/1.x decoder refuses with Kinto's error envelope, then closes the connection. Vert.x answers a
 * failed request itself with an empty 400/414/431 and closes on a broken chunked body without any answer; this
 * handler sits between Vert.x' decoder and its connection ({@link CodecGuardTransport}) and keeps such objects from
 * reaching it.
 * <p>
 * Pipelining: requests decoded before the broken one are answered first, in order. The handler counts the requests
 * it passed on and the responses Vert.x finished writing, and writes the envelope only when every earlier request
 * has its answer. A broken chunked body belongs to a request Vert.x already has: if Vert.x answered or began to
 * answer it, that answer stands and the connection just closes after it.
 * <p>
 * One instance per connection, on its event loop: no synchronisation.
 */
final class CodecGuard extends ChannelDuplexHandler {

    static final String NAME = "kintoCodecGuard";
    /** How long the rest of a refused request is read and dropped before the connection closes. */
    private static final int LINGER_SECONDS = 2;

    private final CodecLimits limits;
    /** Requests passed on to Vert.x, and Vert.x' final responses written. */
    private long forwarded;
    private long answered;
    /** Vert.x has written the head of a response, not yet its end. */
    private boolean responseOpen;
    /** The refusal waiting for earlier answers, and whether its request was passed on (a broken body). */
    private KintoError refusal;
    private boolean refusalForwarded;
    /** The refusal is written (or the connection closing): nothing more goes in or out. */
    private boolean done;

    CodecGuard(CodecLimits limits) {
        this.limits = limits;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (refusal != null || done) {
            // The decoder refuses everything after a failure; whatever still comes is dropped.
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof HttpObject object && object.decoderResult().isFailure()) {
            DecoderResult result = object.decoderResult();
            ReferenceCountUtil.release(msg);
            boolean body = !(msg instanceof HttpRequest);
            refuse(ctx, envelope(result.cause(), body), body);
            return;
        }
        if (msg instanceof HttpRequest) {
            forwarded++;
        }
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (done) {
            // The envelope answered the broken request: a late answer of Vert.x for it must not follow on the wire.
            ReferenceCountUtil.release(msg);
            promise.tryFailure(new ClosedChannelException());
            return;
        }
        // 100 Continue precedes the answer, it is not one.
        boolean interim = msg instanceof HttpResponse response
                && response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
        if (msg instanceof HttpResponse && !interim) {
            responseOpen = true;
        }
        boolean ends = msg instanceof LastHttpContent && !interim;
        super.write(ctx, msg, promise);
        if (ends) {
            answered++;
            responseOpen = false;
            if (refusal != null) {
                answerWhenDue(ctx);
            }
        }
    }

    private void refuse(ChannelHandlerContext ctx, KintoError error, boolean forwardedRequest) {
        refusal = error;
        refusalForwarded = forwardedRequest;
        answerWhenDue(ctx);
    }

    private void answerWhenDue(ChannelHandlerContext ctx) {
        // A broken body belongs to the last request passed on: only the ones before it come first.
        long before = refusalForwarded ? forwarded - 1 : forwarded;
        if (answered < before || (answered == before && responseOpen)) {
            // Earlier answers are due first; or Vert.x is answering the broken request itself: let it finish.
            return;
        }
        done = true;
        Object last = answered > before ? Unpooled.EMPTY_BUFFER : response(refusal);
        ctx.writeAndFlush(last).addListener(written -> closeGracefully(ctx.channel()));
    }

    /**
     * Ends the output, then drops what the client still sends for a while before closing: closing a socket with
     * unread bytes (the rest of an oversized request) resets the connection, and the client may lose the answer.
     */
    private static void closeGracefully(Channel channel) {
        if (!(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
            channel.close();
            return;
        }
        duplex.shutdownOutput();
        channel.config().setAutoRead(true);
        channel.read();
        channel.eventLoop().schedule(() -> channel.close(), LINGER_SECONDS, TimeUnit.SECONDS);
    }

    private static FullHttpResponse response(KintoError error) {
        byte[] body = Json.bytes(error.body());
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(error.status), Unpooled.wrappedBuffer(body));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    /** The envelope for what the decoder refused: a request line or header block over the limits, or malformed. */
    KintoError envelope(Throwable cause, boolean body) {
        if (cause instanceof TooLongHttpLineException) {
            return new KintoError(414, Errno.INVALID_PARAMETERS, "Request-URI Too Long",
                    "The request line is longer than " + limits.requestLine() + " bytes.", null);
        }
        if (cause instanceof TooLongHttpHeaderException) {
            return new KintoError(431, Errno.INVALID_PARAMETERS, "Request Header Fields Too Large",
                    "The request headers are larger than " + limits.headers() + " bytes.", null);
        }
        if (body) {
            return KintoError.invalid(new ValidationEntry("body", null, "Invalid chunked transfer encoding."));
        }
        return KintoError.invalid(new ValidationEntry("headers", null, "Malformed HTTP request: " + describe(cause)));
    }

    /** The decoder's reason, short and printable (it may quote the offending bytes). */
    private static String describe(Throwable cause) {
        String message = cause == null || cause.getMessage() == null ? "unreadable" : cause.getMessage();
        StringBuilder printable = new StringBuilder();
        message.codePoints().limit(200).forEach(c -> printable.appendCodePoint(c >= 0x20 && c < 0x7f ? c : '?'));
        return printable.toString();
    }
}
