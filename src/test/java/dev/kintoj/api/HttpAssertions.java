package dev.kintoj.api;

import io.restassured.RestAssured;
import io.restassured.response.Response;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helpers of the HTTP-level tests (routing, CORS, utility endpoints, settings-driven behaviour). */
final class HttpAssertions {

    /** Access-Control-Expose-Headers sets of api.md §14. */
    static final Set<String> BASE_EXPOSED = Set.of("Backoff", "Retry-After", "Alert", "Content-Length", "Content-Type");
    static final Set<String> OBJECT_GET_EXPOSED = union(BASE_EXPOSED,
            Set.of("Last-Modified", "ETag", "Cache-Control", "Expires", "Pragma"));
    static final Set<String> PLURAL_GET_EXPOSED = union(OBJECT_GET_EXPOSED, Set.of("Next-Page"));
    static final Set<String> PLURAL_HEAD_EXPOSED = union(PLURAL_GET_EXPOSED, Set.of("Total-Objects", "Total-Records"));

    static final String CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; ";
    static final String PLURAL_ALLOW = "HEAD, GET, POST, DELETE, OPTIONS";
    static final String OBJECT_ALLOW = "GET, HEAD, PUT, PATCH, DELETE, OPTIONS";
    static final String METHOD_NOT_ALLOWED_BODY =
            "{\"code\":405,\"errno\":115,\"error\":\"Method Not Allowed\",\"message\":\"Method not allowed on this endpoint.\"}";
    static final String UNKNOWN_URL_BODY =
            "{\"code\":404,\"errno\":111,\"error\":\"Not Found\",\"message\":\"The resource you are looking for could not be found.\"}";

    private HttpAssertions() {
    }

    @SafeVarargs
    static Set<String> union(Set<String>... sets) {
        return Stream.of(sets).flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    }

    /** The members of a comma-separated header value, trimmed. */
    static Set<String> headerSet(String value) {
        assertNotNull(value, "header missing");
        return Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** The Access-Control-Expose-Headers of a response as a set (fails when the header is missing). */
    static Set<String> exposed(Response response) {
        return headerSet(response.header("Access-Control-Expose-Headers"));
    }

    /** A response together with the clock readings taken just before and after the request. */
    record Timed(Response response, long before, long after) {
    }

    static Timed timed(Supplier<Response> call) {
        long before = System.currentTimeMillis();
        Response response = call.get();
        long after = System.currentTimeMillis();
        return new Timed(response, before, after);
    }

    /** Asserts that the Expires header is an RFC 1123 date equal to "time of the request + ttl" (to the second). */
    static void assertExpiresAfter(Timed timed, long ttlSeconds) {
        String expires = timed.response().header("Expires");
        assertNotNull(expires, "Expires missing");
        assertTrue(expires.endsWith(" GMT"), "Expires should be an HTTP date in GMT: " + expires);
        long millis = ZonedDateTime.parse(expires, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
        long low = timed.before() + ttlSeconds * 1000 - 1000;  // the date is truncated to the second
        long high = timed.after() + ttlSeconds * 1000;
        assertTrue(millis >= low && millis <= high,
                "Expires " + expires + " should be now + " + ttlSeconds + "s");
    }

    /** Sends a raw HTTP/1.1 request to the test server and returns the response head (status line and headers). */
    static List<String> rawResponseHead(String method, String path) {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            byte[] chunk = new byte[4096];
            int read;
            while ((read = in.read(chunk)) != -1) {
                buffer.write(chunk, 0, read);
            }
            String text = buffer.toString(StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            return List.of((end < 0 ? text : text.substring(0, end)).split("\r\n"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
