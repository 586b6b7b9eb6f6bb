package dev.kintoj.api;

import dev.kintoj.config.KintoSettings;
import dev.kintoj.core.KintoError;
import io.vertx.core.MultiMap;
import io.quarkus.arc.ClientProxy;
import io.vertx.core.http.HttpServerRequest;


/**
 * A request to the API as the endpoints need it, with or without an HTTP exchange behind it: batch subrequests
 * (batch.md §2) are served by the same code as the requests they stand for.
 *
 * @param path    the raw (percent-encoded) path, with the version prefix
 * @param query   the raw query string, null when absent
 * @param headers case-insensitive request headers
 * @param body    the request body, null when absent
 * @param baseUrl scheme and host of generated URLs (api.md §1.2)
 */
public record ApiRequest(String method, String path, String query, MultiMap headers, byte[] body, String baseUrl) {

    static ApiRequest of(HttpServerRequest injected, byte[] body, KintoSettings settings) {
        // The injected request is a request-scoped client proxy: each of the calls below would look the current
        // request up in the request context first.
        HttpServerRequest http = ClientProxy.unwrap(injected);
        try {
            return new ApiRequest(http.method().name(), PercentDecoding.fromWire(http.path()),
                    PercentDecoding.fromWire(http.query()), http.headers(), body, HttpGate.baseUrl(http, settings));
        } catch (IllegalArgumentException e) {
            throw WireChecks.invalidPath(e.getMessage());
        }
    }

    public String header(String name) {
        return headers.get(name);
    }

    /** The path after the version prefix, URL-decoded ({@code +} stays a plus sign in paths). */
    String apiPath() {
        return Endpoints.apiPath(decodedPath());
    }

    String decodedPath() {
        try {
            return PercentDecoding.decode(path, false);
        } catch (IllegalArgumentException e) {
            // Only batch subrequests get here (HttpGate refuses such a request line first): one unknown URL among
            // the responses, as before.
            throw KintoError.unknownUrl();
        }
    }
}
