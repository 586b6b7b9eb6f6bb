package dev.kintoj.api.codec;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Cleartext HTTP/2 off on the plain HTTP server: Vert.x then builds the HTTP/1.x pipeline as the connection is
 * accepted, where {@link CodecGuardTransport} can add its guard (with h2c it is built only when the first bytes
 * arrive). Kinto's clients speak HTTP/1.1; HTTP/2 over TLS (ALPN) is unchanged. It also tells the guard the
 * decoder's ceilings, which its envelopes name.
 */
@ApplicationScoped
public class CodecOptions implements HttpServerOptionsCustomizer {

    @Override
    public void customizeHttpServer(HttpServerOptions options) {
        options.setHttp2ClearTextEnabled(false);
        CodecLimits.use(options);
    }
}
