package dev.kintoj.openid;

import dev.kintoj.storage.BackendException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The exchanges with OpenID providers (discovery, JWKS, userinfo, token), on Vert.x' own HTTP client so that the
 * event loop never waits. Each exchange is bounded: a provider that does not answer, or answers with a 5xx, is an
 * unavailable backend (503, errno 201), not a reason to take the user for anonymous.
 */
public final class ProviderHttp {

    /** A provider's answer: its status and body. */
    public record Reply(int status, String body) {
        boolean ok() {
            return status >= 200 && status < 300;
        }
    }

    static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient client;

    public ProviderHttp(Vertx vertx) {
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) Duration.ofSeconds(2).toMillis())
                .setKeepAlive(true));
    }

    public Uni<Reply> get(String url, String authorization) {
        RequestOptions options = options(HttpMethod.GET, url);
        if (authorization != null) {
            options.putHeader("Authorization", authorization);
        }
        return send(options, null, url);
    }

    public Uni<Reply> postForm(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        RequestOptions options = options(HttpMethod.POST, url)
                .putHeader("Content-Type", "application/x-www-form-urlencoded");
        return send(options, body, url);
    }

    private static RequestOptions options(HttpMethod method, String url) {
        return new RequestOptions().setMethod(method).setAbsoluteURI(url)
                .setIdleTimeout(TIMEOUT.toMillis())
                .putHeader("Accept", "application/json");
    }

    private Uni<Reply> send(RequestOptions options, String body, String url) {
        String target = options.getMethod() + " " + url;
        return client.request(options)
                .chain(request -> body == null ? request.send() : request.send(Buffer.buffer(body)))
                .chain(response -> response.body().map(buffer -> new Reply(response.statusCode(), buffer.toString())))
                .ifNoItem().after(TIMEOUT).failWith(() -> new BackendException("OpenID provider timed out: " + target, null))
                .onFailure(failure -> !(failure instanceof BackendException))
                .transform(failure -> new BackendException("OpenID provider unreachable: " + target, failure))
                .chain(reply -> reply.status() >= 500
                        ? Uni.createFrom().failure(new BackendException("OpenID provider failed (" + reply.status()
                        + "): " + target, null))
                        : Uni.createFrom().item(reply));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public void close() {
        // Not awaited: at shutdown Vert.x may already be closing, and nothing waits on these connections.
        client.close().subscribe().with(x -> { }, failure -> { });
    }
}
