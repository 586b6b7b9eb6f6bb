package dev.kintoj.api.codec;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The guard's ordering rules on a Netty pipeline, where the timing the socket tests (WireRequestsTest) cannot force
 * is set by hand: the test plays Vert.x, reading what the guard passes on and writing the answers.
 */
class CodecGuardTest {

    private final EmbeddedChannel channel = new EmbeddedChannel(new CodecGuard(new CodecLimits(100, 200)));

    private static HttpRequest request() {
        return new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/buckets");
    }

    private static HttpContent brokenChunk() {
        HttpContent chunk = new DefaultHttpContent(Unpooled.EMPTY_BUFFER);
        chunk.setDecoderResult(DecoderResult.failure(new NumberFormatException("zz")));
        return chunk;
    }

    private static FullHttpResponse answer(HttpResponseStatus status) {
        return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
    }

    @Test
    void aRefusedRequestWaitsForTheAnswersOfEarlierOnes() {
        channel.writeInbound(request(), LastHttpContent.EMPTY_LAST_CONTENT);
        HttpRequest failed = request();
        failed.setDecoderResult(DecoderResult.failure(new IllegalArgumentException("Multiple Content-Length values")));
        channel.writeInbound(failed);
        assertInstanceOf(HttpRequest.class, channel.readInbound());
        assertSame(LastHttpContent.EMPTY_LAST_CONTENT, channel.readInbound());
        assertNull(channel.readInbound(), "the refused request must not reach Vert.x");
        assertNull(channel.readOutbound(), "the envelope must wait for the earlier answer");
        channel.writeOutbound(answer(HttpResponseStatus.CONTINUE));
        assertEquals(100, ((FullHttpResponse) channel.readOutbound()).status().code());
        assertNull(channel.readOutbound(), "100 Continue is no answer");
        channel.writeOutbound(answer(HttpResponseStatus.OK));
        assertEquals(200, ((FullHttpResponse) channel.readOutbound()).status().code());
        FullHttpResponse envelope = channel.readOutbound();
        assertEquals(400, envelope.status().code());
        assertEquals("application/json", envelope.headers().get("Content-Type"));
        envelope.release();
    }

    @Test
    void aBrokenBodyWhoseRequestVertxAlreadyAnswersKeepsThatAnswer() {
        channel.writeInbound(request());
        channel.readInbound();
        channel.writeOutbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.UNAUTHORIZED));
        channel.writeInbound(brokenChunk());
        assertNull(channel.readInbound());
        channel.writeOutbound(LastHttpContent.EMPTY_LAST_CONTENT);
        assertEquals(401, ((DefaultHttpResponse) channel.readOutbound()).status().code());
        assertSame(LastHttpContent.EMPTY_LAST_CONTENT, channel.readOutbound());
        channel.runPendingTasks();
        Object rest;
        while ((rest = channel.readOutbound()) != null) {
            assertFalse(rest instanceof HttpObject, "no second answer to the same request: " + rest);
        }
        assertFalse(channel.isOpen());
    }

    @Test
    void aBrokenBodyIsAnsweredWithTheEnvelopeThenTheConnectionCloses() {
        channel.writeInbound(request());
        channel.readInbound();
        channel.writeInbound(brokenChunk());
        assertNull(channel.readInbound(), "the broken chunk must not reach Vert.x");
        FullHttpResponse envelope = channel.readOutbound();
        assertEquals(400, envelope.status().code());
        envelope.release();
        channel.runPendingTasks();
        assertFalse(channel.isOpen());
    }
}
