package dev.kintoj.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests as bytes on a socket, as probes and clients such as curl send them (REST Assured would re-encode them):
 * what the HTTP layer refuses gets Kinto's envelope, and what Kinto accepts is accepted.
 */
@QuarkusTest
class WireRequestsTest {

    record Answer(int status, Map<String, String> headers, String body) {
        JsonNode json() {
            return Fixtures.parse(body);
        }

        /** A Kinto error envelope with this status and errno. */
        void assertEnvelope(int expectedStatus, int errno) {
            assertEquals(expectedStatus, status, body);
            assertTrue(headers.getOrDefault("content-type", "").startsWith("application/json"), headers.toString());
            JsonNode json = json();
            assertEquals(expectedStatus, json.path("code").asInt(), body);
            assertEquals(errno, json.path("errno").asInt(), body);
            assertTrue(json.path("error").isTextual() && json.path("message").isTextual(), body);
        }
    }

    private static Answer send(String head) throws IOException {
        return send(head.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends the raw request and reads the answer until the server closes the connection. */
    private static Answer send(byte[] request) throws IOException {
        return exchange(request).get(0);
    }

    /** Sends raw bytes (possibly several pipelined requests) and reads every answer until the server closes. */
    private static List<Answer> exchange(byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream received = new ByteArrayOutputStream();
            in.transferTo(received);
            String text = received.toString(StandardCharsets.ISO_8859_1);
            List<Answer> answers = new ArrayList<>();
            int at = 0;
            while (at < text.length()) {
                int end = text.indexOf("\r\n\r\n", at);
                assertTrue(end > 0, "no complete answer: " + text.substring(at));
                String[] lines = text.substring(at, end).split("\r\n");
                Map<String, String> headers = new TreeMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
                }
                int status = Integer.parseInt(lines[0].split(" ")[1]);
                at = end + 4;
                StringBuilder body = new StringBuilder();
                if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                    int size;
                    do {
                        int line = text.indexOf("\r\n", at);
                        size = Integer.parseInt(text.substring(at, line).trim(), 16);
                        body.append(text, line + 2, line + 2 + size);
                        at = line + 2 + size + 2;
                    } while (size > 0);
                } else if (headers.containsKey("content-length")) {
                    int length = Integer.parseInt(headers.get("content-length"));
                    body.append(text, at, at + length);
                    at += length;
                } else {
                    body.append(text.substring(at));
                    at = text.length();
                }
                byte[] raw = body.toString().getBytes(StandardCharsets.ISO_8859_1);
                answers.add(new Answer(status, headers, new String(raw, StandardCharsets.UTF_8)));
            }
            assertFalse(answers.isEmpty(), "no answer before the connection closed");
            return answers;
        }
    }

    private static Answer get(String target, String... extraHeaders) throws IOException {
        return send("GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + String.join("", extraHeaders) + "\r\n");
    }

    @Test
    void malformedPercentEscapesInThePathGetTheEnvelope() throws IOException {
        for (String id : new String[] {"%ZZ", "%", "a%", "%G0", "%u0041", "%FF", "a%C3"}) {
            get("/v1/buckets/" + id).assertEnvelope(400, 107);
            get("/v1/buckets/b/collections/" + id + "/records").assertEnvelope(400, 107);
        }
    }

    @Test
    void rawBytesInThePathAreUtf8() throws IOException {
        byte[] invalid = "GET /v1/buckets/\u00ff\u00fe HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        send(invalid).assertEnvelope(400, 107);
        // é as UTF-8 is a valid character of a path, but not of a bucket id: the id rule answers.
        byte[] valid = "GET /v1/buckets/\u00c3\u00a9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        Answer answer = send(valid);
        assertTrue(answer.status() >= 400 && answer.status() < 500, answer.toString());
        assertTrue(answer.json().has("errno"), answer.body());
    }

    @Test
    void rawQuotesBracesAndBracketsInTheQueryAreAccepted() throws IOException {
        String collection = Fixtures.collection();
        String record = collection + "/records/a";
        Fixtures.json("{\"data\": {\"v\": 1}}").put(record).then().statusCode(201);
        Answer since = get(collection + "/records?_since=\"0\"");
        assertEquals(200, since.status(), since.body());
        assertEquals(1, since.json().path("data").size(), since.body());
        // Kinto splits in_ values on commas: a JSON list is no list of ids, but the request is answered.
        Answer in = get(collection + "/records?in_id=[\"a\"]");
        assertTrue(in.status() == 200 || in.json().path("errno").asInt() == 107, in.toString());
        Answer quoted = get(collection + "/records?in_id=\"a\",b");
        assertEquals(200, quoted.status(), quoted.body());
        assertEquals("a", quoted.json().path("data").path(0).path("id").asText(), quoted.body());
        assertEquals(200, get(collection + "/records?v={}").status());
        get(collection + "/records?_since=\"abc\"").assertEnvelope(400, 107);
    }

    @Test
    void malformedQueryEncodingIsInvalidParameters() throws IOException {
        String collection = Fixtures.collection();
        get(collection + "/records?a=%FF").assertEnvelope(400, 107);
        get(collection + "/records?_token=%ZZ").assertEnvelope(400, 107);
        get(collection + "/records?%=1").assertEnvelope(400, 107);
    }

    @Test
    void requestLinesOverTheLimitGetTheEnvelope() throws IOException {
        String collection = Fixtures.collection();
        StringBuilder sort = new StringBuilder("_sort=f0");
        for (int i = 1; i < 1000; i++) {
            sort.append(",f").append(i);
        }
        Answer thousandFields = get(collection + "/records?" + sort);
        assertEquals(200, thousandFields.status(), thousandFields.body());
        get(collection + "/records?_token=" + "a".repeat(20_000)).assertEnvelope(414, 107);
        get("/v1/buckets/" + "b".repeat(17_000)).assertEnvelope(414, 107);
    }

    @Test
    void headersOverTheLimitGetTheEnvelope() throws IOException {
        String collection = Fixtures.collection();
        get(collection, "If-Match: \"" + "1".repeat(65_536) + "\"\r\n").assertEnvelope(431, 107);
        get(collection, "Authorization: Basic " + "a".repeat(65_536) + "\r\n").assertEnvelope(431, 107);
        assertEquals(200, get(collection, "X-Filler: " + "a".repeat(8_000) + "\r\n").status());
    }

    @Test
    void http10WithoutHostBuildsUrlsFromTheListeningAddress() throws IOException {
        String collection = Fixtures.collection();
        Fixtures.json("{\"data\": {}}").post(collection + "/records").then().statusCode(201);
        Fixtures.json("{\"data\": {}}").post(collection + "/records").then().statusCode(201);
        String base = "http://127.0.0.1:" + RestAssured.port;
        Answer hello = send("GET /v1/ HTTP/1.0\r\n\r\n");
        assertEquals(200, hello.status(), hello.body());
        assertEquals(base + "/v1/", hello.json().path("url").asText());
        Answer page = send("GET " + collection + "/records?_limit=1 HTTP/1.0\r\n\r\n");
        assertEquals(200, page.status(), page.body());
        assertTrue(page.headers().getOrDefault("next-page", "").startsWith(base + collection + "/records?"), page.headers().toString());
        Answer created = send("POST " + collection + "/records HTTP/1.0\r\nContent-Type: application/json\r\n"
                + "Content-Length: 12\r\n\r\n{\"data\": {}}");
        assertEquals(201, created.status(), created.body());
        Answer redirect = send("GET /buckets HTTP/1.0\r\n\r\n");
        assertEquals(307, redirect.status(), redirect.body());
        assertEquals(base + "/v1/buckets", redirect.headers().get("location"));
    }

    /** Refused by the HTTP codec itself, over its ceilings (quarkus.http.limits.*): the envelope all the same. */
    @Test
    void requestsOverTheCodecCeilingsGetTheEnvelope() throws IOException {
        get("/v1/buckets?_token=" + "a".repeat(270_000)).assertEnvelope(414, 107);
        get("/v1/", "X-Filler: " + "a".repeat(270_000) + "\r\n").assertEnvelope(431, 107);
    }

    @Test
    void conflictingContentLengthsGetTheEnvelope() throws IOException {
        String collection = Fixtures.collection();
        send("POST " + collection + "/records HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Content-Length: 12\r\nContent-Length: 2\r\n\r\n{\"data\": {}}").assertEnvelope(400, 107);
    }

    @Test
    void invalidChunkSizesGetTheEnvelope() throws IOException {
        String collection = Fixtures.collection();
        send("POST " + collection + "/records HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                + "Transfer-Encoding: chunked\r\n\r\nzz\r\n{\"data\": {}}\r\n0\r\n\r\n").assertEnvelope(400, 107);
    }

    /** Requests pipelined before a refused one get their answers first, in order; then the envelope, then close. */
    @Test
    void pipelinedRequestsBeforeARefusalAreAnsweredInOrder() throws IOException {
        String first = Fixtures.record("{\"v\": 1}");
        String second = Fixtures.record("{\"v\": 2}");
        String good = "GET " + first + " HTTP/1.1\r\nHost: x\r\n\r\n" + "GET " + second + " HTTP/1.1\r\nHost: x\r\n\r\n";
        String[] refused = {
            "GET /v1/?" + "a".repeat(270_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET /v1/ HTTP/1.1\r\nHost: x\r\nX-Filler: " + "a".repeat(270_000) + "\r\n\r\n",
            "POST " + Fixtures.collectionOf(first) + "/records HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                    + "Content-Length: 3\r\n\r\n{}",
            "POST " + Fixtures.collectionOf(first) + "/records HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n-1\r\n{}\r\n0\r\n\r\n",
        };
        int[] statuses = {414, 431, 400, 400};
        for (int i = 0; i < refused.length; i++) {
            List<Answer> answers = exchange((good + refused[i]).getBytes(StandardCharsets.ISO_8859_1));
            assertEquals(3, answers.size(), answers.toString());
            assertEquals(1, answers.get(0).json().path("data").path("v").asInt(), answers.get(0).body());
            assertEquals(2, answers.get(1).json().path("data").path("v").asInt(), answers.get(1).body());
            answers.get(2).assertEnvelope(statuses[i], 107);
        }
    }
}
