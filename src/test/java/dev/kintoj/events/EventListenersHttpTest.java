package dev.kintoj.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Configured listeners (events.md §5) through the real server and a real Redis: the payloads kinto-redis pushes,
 * the actions and resources filters, aggregation per request and batch, nothing for failed requests, and a listener
 * whose Redis is unreachable not failing anything.
 */
@QuarkusTest
@TestProfile(EventListenersHttpTest.Listeners.class)
class EventListenersHttpTest {

    // The profile is read in the application's class loader too: names that both loaders compute alike.
    static final String CHANGES = "kintoj-test-changes-" + ProcessHandle.current().pid();
    static final String READS = "kintoj-test-reads-" + ProcessHandle.current().pid();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Vertx VERTX = Vertx.vertx();
    private static final Redis REDIS = Redis.createClient(VERTX, "redis://127.0.0.1:6379/0");
    private static final String ALICE = "Basic " + Base64.getEncoder().encodeToString("alice:pw".getBytes());

    public static class Listeners implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.ofEntries(
                    Map.entry("kinto.event_listeners", "changes reads broken"),
                    Map.entry("kinto.event_listeners.changes.use", "kinto_redis.listeners"),
                    Map.entry("kinto.event_listeners.changes.url", "redis://127.0.0.1:6379/0"),
                    Map.entry("kinto.event_listeners.changes.listname", CHANGES),
                    Map.entry("kinto.event_listeners.changes.resources", "bucket collection record"),
                    Map.entry("kinto.event_listeners.reads.use", "kinto_redis.listeners"),
                    Map.entry("kinto.event_listeners.reads.url", "redis://127.0.0.1:6379/0"),
                    Map.entry("kinto.event_listeners.reads.listname", READS),
                    Map.entry("kinto.event_listeners.reads.actions", "read"),
                    Map.entry("kinto.event_listeners.reads.resources", "record"),
                    // Nothing listens there: its failures are logged and ignored.
                    Map.entry("kinto.event_listeners.broken.use", "kinto_redis.listeners"),
                    Map.entry("kinto.event_listeners.broken.url", "redis://127.0.0.1:1/0"));
        }
    }

    @AfterAll
    static void close() throws Exception {
        command(Command.DEL, CHANGES);
        command(Command.DEL, READS);
        VERTX.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @BeforeEach
    void empty() throws Exception {
        command(Command.DEL, CHANGES);
        command(Command.DEL, READS);
    }

    private static Response command(Command command, String... args) throws Exception {
        Request request = Request.cmd(command);
        for (String arg : args) {
            request.arg(arg);
        }
        return REDIS.send(request).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** The payloads pushed so far, oldest first (LPUSH prepends). */
    private static List<JsonNode> pushed(String list) throws Exception {
        List<JsonNode> payloads = new ArrayList<>();
        for (Response item : command(Command.LRANGE, list, "0", "-1")) {
            payloads.add(MAPPER.readTree(item.toString()));
        }
        Collections.reverse(payloads);
        return payloads;
    }

    private static Set<String> keys(JsonNode payload) {
        Set<String> keys = new TreeSet<>();
        payload.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    private static String bucket() {
        return "e" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void changesArePushedWithKintosPayload() throws Exception {
        String bucket = bucket();
        long bucketTimestamp = given().header("Authorization", ALICE).put("/v1/buckets/" + bucket)
                .then().statusCode(201).extract().jsonPath().getLong("data.last_modified");
        given().header("Authorization", ALICE).put("/v1/buckets/" + bucket + "/collections/c").then().statusCode(201);
        long created = given().header("Authorization", ALICE).contentType("application/json").body("{\"data\": {\"a\": 1}}")
                .post("/v1/buckets/" + bucket + "/collections/c/records").then().statusCode(201)
                .extract().jsonPath().getLong("data.last_modified");
        String userId = given().header("Authorization", ALICE).get("/v1/").jsonPath().getString("user.id");
        List<JsonNode> payloads = pushed(CHANGES);
        assertEquals(3, payloads.size(), payloads.toString());
        JsonNode first = payloads.get(0);
        assertEquals(Set.of("timestamp", "action", "uri", "user_id", "resource_name", "bucket_id"), keys(first));
        assertEquals(bucketTimestamp, first.get("timestamp").longValue());
        assertEquals("create", first.get("action").textValue());
        assertEquals("/buckets/" + bucket, first.get("uri").textValue());
        assertEquals(userId, first.get("user_id").textValue());
        assertEquals("bucket", first.get("resource_name").textValue());
        assertEquals(bucket, first.get("bucket_id").textValue());
        JsonNode record = payloads.get(2);
        assertEquals(Set.of("timestamp", "action", "uri", "user_id", "resource_name", "bucket_id", "collection_id"), keys(record));
        assertEquals("/buckets/" + bucket + "/collections/c/records", record.get("uri").textValue());
        assertEquals(created, record.get("timestamp").longValue());
    }

    @Test
    void filtersKeepTheConfiguredActionsAndResources() throws Exception {
        String bucket = bucket();
        given().put("/v1/buckets/" + bucket).then().statusCode(201);
        given().contentType("application/json").body("{\"data\": {\"members\": []}}").put("/v1/buckets/" + bucket + "/groups/g")
                .then().statusCode(201);
        given().put("/v1/buckets/" + bucket + "/collections/c").then().statusCode(201);
        given().put("/v1/buckets/" + bucket + "/collections/c/records/r").then().statusCode(201);
        given().get("/v1/buckets/" + bucket + "/collections/c/records/r").then().statusCode(200);
        given().get("/v1/buckets/" + bucket + "/collections/c").then().statusCode(200);
        List<JsonNode> changes = pushed(CHANGES);
        assertEquals(List.of("bucket", "collection", "record"), changes.stream().map(p -> p.get("resource_name").textValue()).toList());
        assertTrue(changes.get(0).get("user_id").isNull());
        List<JsonNode> reads = pushed(READS);
        assertEquals(1, reads.size(), reads.toString());
        assertEquals("read", reads.get(0).get("action").textValue());
        assertEquals("r", reads.get(0).get("record_id").textValue());
        assertEquals("/buckets/" + bucket + "/collections/c/records/r", reads.get(0).get("uri").textValue());
    }

    @Test
    void aBatchAndAListDeleteAreOneEventEach() throws Exception {
        String bucket = bucket();
        given().put("/v1/buckets/" + bucket).then().statusCode(201);
        given().put("/v1/buckets/" + bucket + "/collections/c").then().statusCode(201);
        command(Command.DEL, CHANGES);
        given().contentType("application/json").body("""
                {"defaults": {"method": "PUT"},
                 "requests": [{"path": "/buckets/%1$s/collections/c/records/x"}, {"path": "/buckets/%1$s/collections/c/records/y"},
                              {"path": "/buckets/%1$s/collections/c", "method": "PATCH", "body": {"data": {"k": 1}}}]}"""
                .formatted(bucket)).post("/v1/batch").then().statusCode(200);
        List<JsonNode> batch = pushed(CHANGES);
        assertEquals(List.of("create record", "update collection"),
                batch.stream().map(p -> p.get("action").textValue() + " " + p.get("resource_name").textValue()).toList());
        assertEquals("/buckets/" + bucket + "/collections/c/records/x", batch.get(0).get("uri").textValue());
        command(Command.DEL, CHANGES);
        given().delete("/v1/buckets/" + bucket + "/collections/c/records").then().statusCode(200);
        List<JsonNode> deletes = pushed(CHANGES);
        assertEquals(1, deletes.size(), deletes.toString());
        assertEquals("delete", deletes.get(0).get("action").textValue());
    }

    @Test
    void failedRequestsPushNothing() throws Exception {
        String bucket = bucket();
        given().put("/v1/buckets/" + bucket).then().statusCode(201);
        command(Command.DEL, CHANGES);
        given().header("If-Match", "\"1\"").put("/v1/buckets/" + bucket).then().statusCode(412);
        given().contentType("application/json").body("{\"data\": \"nope\"}").put("/v1/buckets/" + bucket + "/collections/c")
                .then().statusCode(400);
        assertEquals(List.of(), pushed(CHANGES));
    }
}
