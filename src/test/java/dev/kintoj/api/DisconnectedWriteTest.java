package dev.kintoj.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgConnection;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A client that goes away while its write is inside its transaction (PostgreSQL). The write is held there by the
 * list lock, which the test takes in a session of its own, as another replica's writer would hold it; the client
 * closes its connection, then the test lets the lock go. The write is then committed whole, as Kinto under a WSGI
 * server finishes a request whose client left: never a part of it, never a connection back in the pool inside its
 * transaction, never a list lock left held, and the listeners told after the commit are told (a Redis listener
 * publishing on a channel, as kinto-redis does). Quarkus REST cancels a request's Uni when its client closes the
 * connection: the transaction went on to its commit, but the request's events were dropped with the cancellation.
 */
@QuarkusTest
@EnabledIfEnvironmentVariable(named = "KINTO_STORAGE_BACKEND", matches = "postgresql", disabledReason = "transactions are PostgreSQL's")
@TestProfile(DisconnectedWriteTest.PublishedChanges.class)
class DisconnectedWriteTest {

    // The profile is read in the application's class loader too: a name that both loaders compute alike.
    static final String CHANNEL = "kintoj-test-disconnected-" + ProcessHandle.current().pid();

    public static class PublishedChanges implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("kinto.event_listeners", "published",
                    "kinto.event_listeners.published.use", "kinto_redis.listeners",
                    "kinto.event_listeners.published.url", "redis://127.0.0.1:6379/0",
                    "kinto.event_listeners.published.channel", CHANNEL);
        }
    }

    private static final String ALICE = "Basic " + Base64.getEncoder().encodeToString("alice:secret".getBytes(StandardCharsets.UTF_8));

    private Vertx vertx;
    /** The test's own sessions: one holds the list lock in its transaction, the other looks at the server. */
    private PgConnection holder;
    private PgConnection observer;
    /** What the listener published on its channel after each commit. */
    private final List<JsonNode> published = new CopyOnWriteArrayList<>();
    private String bucketId;

    @BeforeEach
    void data() throws Exception {
        bucketId = Fixtures.uid("dw");
        alice().body("{}").put("/v1/buckets/" + bucketId).then().statusCode(201);
        alice().body("{}").put("/v1/buckets/" + bucketId + "/collections/c1").then().statusCode(201);
        alice().body("{}").put("/v1/buckets/" + bucketId + "/collections/c2").then().statusCode(201);
        vertx = Vertx.vertx();
        PgConnectOptions options = PgConnectOptions.fromUri(System.getenv("KINTO_STORAGE_URL"));
        holder = await(PgConnection.connect(vertx, options));
        observer = await(PgConnection.connect(vertx, options));
        RedisConnection subscriber = await(Redis.createClient(vertx, "redis://127.0.0.1:6379/0").connect());
        subscriber.handler(message -> {
            if (message.size() == 3 && "message".equals(message.get(0).toString())) {
                published.add(Fixtures.parse(message.get(2).toString()));
            }
        });
        await(subscriber.send(Request.cmd(Command.SUBSCRIBE).arg(CHANNEL)));
    }

    @AfterEach
    void close() throws Exception {
        if (vertx != null) {
            await(vertx.close());
        }
    }

    private static RequestSpecification alice() {
        return given().auth().preemptive().basic("alice", "secret").contentType("application/json");
    }

    @Test
    void aCreationWhoseClientLeftIsCommittedWhole() throws Exception {
        String records = "/v1/buckets/" + bucketId + "/collections/c1/records";
        leaveDuring("POST", records, "{\"data\": {\"id\": \"r1\", \"n\": 1}}", "c1");
        assertLeftNothingOpen();
        alice().get(records + "/r1").then().statusCode(200).body("data.n", equalTo(1))
                .body("permissions.write", hasSize(1));
        assertPublished("create", "c1", "r1");
        assertFollowingWriteIsPrompt("c1");
    }

    @Test
    void aBatchWhoseClientLeftIsCommittedWhole() throws Exception {
        // The first creation is written, in its savepoint, before the second one waits for c2's lock.
        String batch = "{\"defaults\": {\"method\": \"POST\"}, \"requests\": ["
                + "{\"path\": \"/buckets/" + bucketId + "/collections/c1/records\", \"body\": {\"data\": {\"id\": \"r1\"}}},"
                + "{\"path\": \"/buckets/" + bucketId + "/collections/c2/records\", \"body\": {\"data\": {\"id\": \"r2\"}}}]}";
        leaveDuring("POST", "/v1/batch", batch, "c2");
        assertLeftNothingOpen();
        alice().get("/v1/buckets/" + bucketId + "/collections/c1/records/r1").then().statusCode(200);
        alice().get("/v1/buckets/" + bucketId + "/collections/c2/records/r2").then().statusCode(200);
        assertPublished("create", "c1", "r1");
        assertPublished("create", "c2", "r2");
        assertFollowingWriteIsPrompt("c2");
        assertFollowingWriteIsPrompt("c1");
    }

    @Test
    void aDeletionWhoseClientLeftIsCommittedWhole() throws Exception {
        String record = "/v1/buckets/" + bucketId + "/collections/c1/records/r1";
        alice().body("{\"data\": {\"n\": 1}}").put(record).then().statusCode(201);
        leaveDuring("DELETE", record, null, "c1");
        assertLeftNothingOpen();
        alice().get(record).then().statusCode(404);
        assertEquals(List.of("0"), query("SELECT count(*) FROM access_control_entries WHERE object_id = '"
                + record.substring("/v1".length()) + "'"), "the record's ACL is deleted with it");
        alice().get("/v1/buckets/" + bucketId + "/collections/c1/records?_since=0").then().statusCode(200)
                .body("data[0].deleted", equalTo(true));
        assertPublished("delete", "c1", "r1");
        assertFollowingWriteIsPrompt("c1");
    }

    /**
     * Sends the request on a socket of its own while the test holds the lock of the collection's records, waits until
     * the request waits for that lock inside its transaction, closes the socket, and then lets the lock go.
     */
    private void leaveDuring(String method, String path, String body, String lockedCollection) throws Exception {
        await(holder.query("BEGIN").execute());
        await(holder.query("SELECT kinto_lock_list('/buckets/" + bucketId + "/collections/" + lockedCollection
                + "', 'record')").execute());
        byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket("127.0.0.1", RestAssured.port)) {
            OutputStream out = socket.getOutputStream();
            out.write((method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + ALICE
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + content.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(content);
            out.flush();
            waitFor(() -> waitingForTheLock() == 1, "the request waits for the list lock inside its transaction");
        }
        // The server sees the connection closed (and whatever it does about it) while the write still waits.
        Thread.sleep(500);
        assertEquals(1, waitingForTheLock(), "the write still waits for the lock after its client left");
        await(holder.query("ROLLBACK").execute());
    }

    /** No session of the service is left inside a transaction once the abandoned write is over. */
    private void assertLeftNothingOpen() throws Exception {
        waitFor(() -> count("state <> 'idle'") == 0, "the service's sessions are idle");
        assertEquals(0, count("state = 'idle in transaction'"), "a pooled connection left inside its transaction");
        // The server keeps answering.
        given().get("/v1/").then().statusCode(200);
    }

    /** The listener published the change of that record after its commit. */
    private void assertPublished(String action, String collection, String recordId) throws InterruptedException {
        waitFor(() -> published.stream().anyMatch(message -> {
            JsonNode payload = message.path("payload");
            if (!payload.path("action").asText().equals(action) || !payload.path("bucket_id").asText().equals(bucketId)
                    || !payload.path("collection_id").asText().equals(collection)) {
                return false;
            }
            for (JsonNode impacted : message.path("impacted_objects")) {
                JsonNode object = impacted.has("new") ? impacted.get("new") : impacted.get("old");
                if (object != null && object.path("id").asText().equals(recordId)) {
                    return true;
                }
            }
            return false;
        }), "the " + action + " of " + recordId + " is published after its commit " + published);
    }

    /** A write to the same list, on another connection: no lock of the abandoned write stays held. */
    private void assertFollowingWriteIsPrompt(String collection) {
        long start = System.nanoTime();
        alice().body("{\"data\": {}}").post("/v1/buckets/" + bucketId + "/collections/" + collection + "/records")
                .then().statusCode(201);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis < 2000, "the following write took " + millis + " ms");
    }

    private long waitingForTheLock() {
        return count("wait_event_type = 'Lock' AND wait_event = 'advisory'");
    }

    /** The service's sessions (not the test's own) in this database matching the condition. */
    private long count(String condition) {
        try {
            return Long.parseLong(query("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND application_name = 'kintoj' AND pid <> pg_backend_pid() AND " + condition).get(0));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private List<String> query(String sql) throws Exception {
        RowSet<Row> rows = await(observer.query(sql).execute());
        List<String> values = new ArrayList<>();
        rows.forEach(row -> values.add(String.valueOf(row.getValue(0))));
        return values;
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting until " + what);
            Thread.sleep(20);
        }
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
