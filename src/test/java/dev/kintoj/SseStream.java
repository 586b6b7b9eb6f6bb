package dev.kintoj;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Server-Sent Events client of the change feed for the tests: it reads the stream on a thread of its own, as
 * EventSource does (id and data fields, comments), and keeps the events in arrival order.
 */
public final class SseStream implements AutoCloseable {

    /** One event: its id as sent (a timestamp, or a bucket feed's position) and its data as JSON. */
    public record Event(String lastEventId, JsonNode data) {
        /** The id of a collection's feed: a timestamp. */
        public long id() {
            return Long.parseLong(lastEventId);
        }

        public String action() {
            return data.get("action").asText();
        }

        public String uri() {
            return data.get("uri").asText();
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private final HttpResponse<InputStream> response;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private volatile int comments;
    private volatile boolean ended;

    private SseStream(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Opens {@code url}; header name/value pairs. The response is returned whatever its status. */
    public static SseStream open(String url, String... headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            builder.header(headers[i], headers[i + 1]);
        }
        try {
            return new SseStream(CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public int status() {
        return response.statusCode();
    }

    public HttpResponse<InputStream> response() {
        return response;
    }

    /** The body of an error response. */
    public JsonNode error() {
        try {
            reader.join(5000);
            return MAPPER.readTree(errorBody.toString());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    private final StringBuilder errorBody = new StringBuilder();

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                lines.lines().forEach(errorBody::append);
                return;
            }
            String id = null;
            StringBuilder data = new StringBuilder();
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data.length() > 0) {
                        events.add(new Event(id == null ? "" : id, MAPPER.readTree(data.toString())));
                    }
                    id = null;
                    data.setLength(0);
                } else if (line.startsWith(":")) {
                    comments++;
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("data: ")) {
                    data.append(line.substring(6));
                }
            }
        } catch (IOException closed) {
            // closed by the test or the server
        } finally {
            ended = true;
        }
    }

    /** The next event, waiting at most {@code seconds}; null if none came. */
    public Event next(double seconds) throws InterruptedException {
        return events.poll((long) (seconds * 1000), TimeUnit.MILLISECONDS);
    }

    /** The next {@code n} events; fails when they do not all come within {@code seconds}. */
    public List<Event> take(int n, double seconds) throws InterruptedException {
        List<Event> taken = new ArrayList<>();
        long deadline = System.nanoTime() + (long) (seconds * 1e9);
        while (taken.size() < n) {
            Event event = events.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("received " + taken.size() + " events of " + n + " within " + seconds + " s: " + taken);
            }
            taken.add(event);
        }
        return taken;
    }

    /** Events received and not taken yet. */
    public List<Event> pending() {
        List<Event> drained = new ArrayList<>();
        events.drainTo(drained);
        return drained;
    }

    public int comments() {
        return comments;
    }

    /** Whether the server ended the stream (or the connection closed). */
    public boolean ended() {
        return ended;
    }

    public boolean awaitEnd(double seconds) throws InterruptedException {
        reader.join((long) (seconds * 1000));
        return ended;
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException ignored) {
            // already closed
        }
    }
}
