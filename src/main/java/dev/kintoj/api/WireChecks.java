package dev.kintoj.api;

import dev.kintoj.config.DynamicSettings;
import dev.kintoj.core.Errno;
import dev.kintoj.core.KintoError;
import dev.kintoj.core.ValidationEntry;
import io.vertx.core.http.HttpServerRequest;

import java.util.Map;

/**
 * What is refused about a request as it came off the wire, before routing: a request line or header block over the
 * configured limits (414, 431), a path that is not valid percent-encoded UTF-8 (400). The HTTP codec's own limits
 * ({@code quarkus.http.limits.*}) are set far above these, so that such requests reach this check and get Kinto's
 * envelope rather than the codec's empty answer.
 */
final class WireChecks {

    static final int DEFAULT_MAX_REQUEST_LINE = 16 * 1024;
    static final int DEFAULT_MAX_HEADERS = 16 * 1024;

    private final int maxRequestLine;
    private final int maxHeaders;

    WireChecks(DynamicSettings settings) {
        this.maxRequestLine = settings.integer("http_max_request_line_bytes").orElse(DEFAULT_MAX_REQUEST_LINE);
        this.maxHeaders = settings.integer("http_max_header_bytes").orElse(DEFAULT_MAX_HEADERS);
    }

    /** The refusal of this request, null when it goes on. */
    KintoError refusal(HttpServerRequest request) {
        // method SP request-target SP HTTP/1.x
        int line = request.method().name().length() + request.uri().length() + 10;
        if (line > maxRequestLine) {
            return new KintoError(414, Errno.INVALID_PARAMETERS, "Request-URI Too Long",
                    "The request line is longer than " + maxRequestLine + " bytes.", null);
        }
        long headers = 0;
        for (Map.Entry<String, String> header : request.headers()) {
            headers += header.getKey().length() + header.getValue().length() + 4;
        }
        if (headers > maxHeaders) {
            return new KintoError(431, Errno.INVALID_PARAMETERS, "Request Header Fields Too Large",
                    "The request headers are larger than " + maxHeaders + " bytes.", null);
        }
        try {
            PercentDecoding.decode(PercentDecoding.fromWire(request.path()), false);
        } catch (IllegalArgumentException e) {
            return invalidPath(e.getMessage());
        }
        return null;
    }

    static KintoError invalidPath(String description) {
        return KintoError.invalid(new ValidationEntry("path", null, description));
    }
}
