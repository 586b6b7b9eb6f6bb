package dev.kintoj.api.codec;

import io.vertx.core.http.HttpServerOptions;

/** The HTTP decoder's ceilings, as the envelope names them ({@code quarkus.http.limits.*}). */
record CodecLimits(int requestLine, int headers) {

    /** Vert.x' defaults, until {@link CodecOptions} has seen the server's options. */
    private static volatile CodecLimits current = new CodecLimits(HttpServerOptions.DEFAULT_MAX_INITIAL_LINE_LENGTH,
            HttpServerOptions.DEFAULT_MAX_HEADER_SIZE);

    static CodecLimits current() {
        return current;
    }

    static void use(HttpServerOptions options) {
        current = new CodecLimits(options.getMaxInitialLineLength(), options.getMaxHeaderSize());
    }
}
