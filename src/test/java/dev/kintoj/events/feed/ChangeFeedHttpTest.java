package dev.kintoj.events.feed;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintoj.SseStream;
import dev.kintoj.SseStream.Event;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.kintoj.KintoHttp.basic;
import static dev.kintoj.KintoHttp.json;
import static dev.kintoj.KintoHttp.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The live change feed through the real server, on the memory backends (in process) and, in the postgresql
 * execution, through PostgreSQL LISTEN/NOTIFY: events of writes, resume with Last-Event-ID while a writer runs,
 * permission filtering and revocation, the bucket feed, and the errors of the endpoint.
 */
@QuarkusTest
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ChangeFeedHttpTest {

    private static final String ALICE = basic("alice-feed", "secret");
    private static final String BOB = basic("bob-feed", "secret");

    private String base;
    private String bucket;

    @BeforeEach
    void bucketOfAlice() {
        base = "http://127.0.0.1:" + RestAssured.port + "/v1";
        bucket = "feed-" + UUID.randomUUID().toString().substring(0, 8);
        ok(send("PUT", base + "/buckets/" + bucket, null, "Authorization", ALICE));
        ok(send("PUT", base + "/buckets/" + bucket + "/collections/c1", null, "Authorization", ALICE));
    }

    private String records(String collection) {
        return base + "/buckets/" + bucket + "/collections/" + collection + "/records";
    }

    private String changes(String collection) {
        return base + "/buckets/" + bucket + "/collections/" + collection + "/changes";
    }

    private static HttpResponse<String> ok(HttpResponse<String> response) {
        assertTrue(response.statusCode() < 300, response.statusCode() + " " + response.body());
        return response;
    }

    private JsonNode post(String collection, String data, String auth) {
        return json(ok(send("POST", records(collection), "{\"data\":" + data + "}", "Authorization", auth))).get("data");
    }

    @Test
    void aSubscriberReceivesEachChangeWithItsObjectsInOrder() throws Exception {
        try (SseStream stream = SseStream.open(changes("c1"), "Authorization", ALICE)) {
            assertEquals(200, stream.status());
            assertEquals("text/event-stream; charset=utf-8", stream.response().headers().firstValue("Content-Type").orElse(""));
            JsonNode created = post("c1", "{\"id\":\"r1\",\"n\":1}", ALICE);
            JsonNode updated = json(ok(send("PATCH", records("c1") + "/r1", "{\"data\":{\"n\":2}}", "Authorization", ALICE))).get("data");
            JsonNode deleted = json(ok(send("DELETE", records("c1") + "/r1", null, "Authorization", ALICE))).get("data");
            List<Event> events = stream.take(3, 10);

            assertEquals(List.of("create", "update", "delete"), events.stream().map(Event::action).toList());
            String uri = "/buckets/" + bucket + "/collections/c1/records/r1";
            events.forEach(e -> assertEquals(uri, e.uri()));
            assertEquals(created, events.get(0).data().get("new"));
            assertNull(events.get(0).data().get("old"));
            assertEquals(updated, events.get(1).data().get("new"));
            assertEquals(created, events.get(1).data().get("old"));
            assertEquals(deleted, events.get(2).data().get("new"));
            assertEquals(updated, events.get(2).data().get("old"));
            assertEquals(List.of(created.get("last_modified").asLong(), updated.get("last_modified").asLong(),
                    deleted.get("last_modified").asLong()), events.stream().map(Event::id).toList());
            events.forEach(e -> assertEquals(e.id(), e.data().get("timestamp").asLong()));
            assertEquals("record", events.get(0).data().get("resource_name").asText());
            assertEquals(bucket, events.get(0).data().get("bucket_id").asText());
            assertEquals("c1", events.get(0).data().get("collection_id").asText());
            assertEquals("r1", events.get(0).data().get("record_id").asText());
            assertTrue(events.get(0).data().get("user_id").asText().startsWith("basicauth:"));
        }
    }

    @Test
    void aBatchDeletionIsOneEventPerObjectAndOtherCollectionsAreNotIncluded() throws Exception {
        ok(send("PUT", base + "/buckets/" + bucket + "/collections/c2", null, "Authorization", ALICE));
        long created = 0;
        for (int i = 0; i < 5; i++) {
            created = post("c1", "{\"i\":" + i + "}", ALICE).get("last_modified").asLong();
        }
        // From the last creation on: a creation's notification may reach the instance after the stream opens (on
        // PostgreSQL, NOTIFY is delivered to the listening connection asynchronously), and a stream opened without
        // an id delivers what arrives once it is open.
        try (SseStream stream = SseStream.open(changes("c1"), "Authorization", ALICE, "Last-Event-ID", String.valueOf(created))) {
            post("c2", "{\"elsewhere\":true}", ALICE);
            JsonNode tombstones = json(ok(send("DELETE", records("c1"), null, "Authorization", ALICE))).get("data");
            List<Event> events = stream.take(5, 10);
            Set<String> ids = new HashSet<>();
            long previous = 0;
            for (Event event : events) {
                assertEquals("delete", event.action());
                assertTrue(event.data().get("new").get("deleted").asBoolean());
                assertTrue(event.id() > previous, "in timestamp order: " + events);
                previous = event.id();
                ids.add(event.data().get("record_id").asText());
            }
            Set<String> expected = new HashSet<>();
            tombstones.forEach(t -> expected.add(t.get("id").asText()));
            assertEquals(expected, ids);
            assertNull(stream.next(0.3), "nothing of c2");
        }
    }

    /**
     * A client reads some events, goes away while a writer keeps writing, and comes back with the last id it saw:
     * it ends up with every change exactly once (the rows a _since list returns, tombstones included).
     */
    @Test
    void resumingWithLastEventIdWhileAWriterRunsLosesNothingAndRepeatsNothing() throws Exception {
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        AtomicInteger created = new AtomicInteger();
        // Two writers: changes keep being committed while the reconnection replays its pages from storage, so
        // some land both in the replay and in the live buffer (and must be sent once).
        Runnable writes = () -> {
            int i;
            while (writing.get() && (i = written.getAndIncrement()) < 1200) {
                JsonNode record = post("c1", "{\"i\":" + i + "}", ALICE);
                if (i % 7 == 3) {
                    ok(send("DELETE", records("c1") + "/" + record.get("id").asText(), null, "Authorization", ALICE));
                }
                created.incrementAndGet();
            }
        };
        Thread writer = new Thread(writes);
        Thread otherWriter = new Thread(writes);
        List<Event> received = new ArrayList<>();
        writer.start();
        otherWriter.start();
        try {
            try (SseStream first = SseStream.open(changes("c1") + "?_since=0", "Authorization", ALICE)) {
                received.addAll(first.take(20, 10));
            }
            // More than two pages of replay (Replay.PAGE) when it comes back.
            while (created.get() < 20 + 2 * Replay.PAGE + 50) {
                Thread.sleep(10);
            }
            try (SseStream second = SseStream.open(changes("c1"), "Authorization", ALICE,
                    "Last-Event-ID", String.valueOf(received.get(received.size() - 1).id()))) {
                received.addAll(second.take(20, 10));
                writing.set(false);
                writer.join(20000);
                otherWriter.join(20000);
                JsonNode all = json(ok(send("GET", records("c1") + "?_since=0&_sort=last_modified", null, "Authorization", ALICE))).get("data");
                // Each record's creation and, for deleted ones, its deletion: the stream must reach the newest.
                long newest = all.get(all.size() - 1).get("last_modified").asLong();
                while (received.get(received.size() - 1).id() < newest) {
                    Event next = second.next(10);
                    assertTrue(next != null, "the stream stopped before " + newest);
                    received.add(next);
                }
                assertNull(second.next(0.3));
            }
        } finally {
            writing.set(false);
            writer.join(20000);
            otherWriter.join(20000);
        }
        List<Long> ids = received.stream().map(Event::id).toList();
        assertEquals(new TreeSet<>(ids).size(), ids.size(), "no duplicate: " + ids);
        for (int i = 1; i < ids.size(); i++) {
            assertTrue(ids.get(i) > ids.get(i - 1), "in order at " + i + ": " + ids);
        }
        // Every timestamp the collection went through is there: each creation, and each deletion.
        JsonNode history = json(ok(send("GET", records("c1") + "?_since=0", null, "Authorization", ALICE))).get("data");
        Set<String> live = new HashSet<>();
        Set<String> gone = new HashSet<>();
        history.forEach(o -> (o.path("deleted").asBoolean() ? gone : live).add(o.get("id").asText()));
        Set<String> createdSeen = new HashSet<>();
        Set<String> deletedSeen = new HashSet<>();
        for (Event event : received) {
            String id = event.data().get("record_id").asText();
            if (event.action().equals("delete")) {
                deletedSeen.add(id);
            } else {
                createdSeen.add(id);
            }
        }
        assertEquals(gone, deletedSeen);
        assertTrue(createdSeen.containsAll(live), "every live record was seen");
        assertEquals(created.get(), live.size() + gone.size());
        // A record created and deleted while away is replayed as its tombstone only (as a _since list shows it).
        Set<String> everything = new HashSet<>(createdSeen);
        everything.addAll(deletedSeen);
        assertEquals(created.get(), everything.size());
    }

    @Test
    void refusalsAreThoseOfTheListAndErrorsAreKintoEnvelopes() throws Exception {
        for (String[] who : new String[][]{{"Authorization", BOB}, {"X-Anonymous", "1"}}) {
            HttpResponse<String> list = send("GET", records("c1"), null, who);
            try (SseStream stream = SseStream.open(changes("c1"), who)) {
                assertEquals(list.statusCode(), stream.status());
                assertEquals(json(list).get("errno"), stream.error().get("errno"));
            }
        }
        try (SseStream missing = SseStream.open(changes("nope"), "Authorization", ALICE)) {
            assertEquals(404, missing.status());
            assertEquals(404, missing.error().get("code").asInt());
        }
        for (String id : List.of("yesterday", "-5", "12~c1", "12~c1:x", "12~", "12~c/1:13", "~c1:13", "12~c1:13~")) {
            try (SseStream invalid = SseStream.open(base + "/buckets/" + bucket + "/changes", "Authorization", ALICE,
                    "Last-Event-ID", id)) {
                assertEquals(400, invalid.status(), id);
                assertEquals(107, invalid.error().get("errno").asInt());
                assertEquals("Last-Event-ID", invalid.error().get("details").get(0).get("name").asText());
            }
        }
        HttpResponse<String> post = send("POST", changes("c1"), "{}", "Authorization", ALICE);
        assertEquals(405, post.statusCode());
        assertEquals(115, json(post).get("errno").asInt());
        JsonNode capability = json(send("GET", base + "/", null)).get("capabilities").get("changes");
        assertTrue(capability.get("description").asText().contains("Server-Sent Events"));
    }

    /** A reader receives while it may read; once its permission is withdrawn, nothing more, whatever it asked. */
    @Test
    void eventsAreFilteredByPermissionsAtDeliveryAndRevocationTakesEffect() throws Exception {
        ok(send("PATCH", base + "/buckets/" + bucket + "/collections/c1", "{\"permissions\":{\"read\":[\"" + userId(BOB) + "\"]}}",
                "Authorization", ALICE));
        try (SseStream alice = SseStream.open(changes("c1"), "Authorization", ALICE);
             SseStream bob = SseStream.open(changes("c1"), "Authorization", BOB)) {
            assertEquals(200, bob.status());
            post("c1", "{\"id\":\"before\"}", ALICE);
            assertEquals("before", bob.take(1, 10).get(0).data().get("record_id").asText());
            alice.take(1, 10);

            ok(send("PATCH", base + "/buckets/" + bucket + "/collections/c1", "{\"permissions\":{\"read\":[]}}",
                    "Authorization", ALICE));
            post("c1", "{\"id\":\"after\"}", ALICE);
            // Shared with bob on its own: a GET of it would succeed, so he receives it.
            post("c1", "{\"id\":\"shared\"}", ALICE);
            ok(send("PATCH", records("c1") + "/shared", "{\"permissions\":{\"read\":[\"" + userId(BOB) + "\"]}}",
                    "Authorization", ALICE));
            List<Event> seenByAlice = alice.take(3, 10);
            assertEquals(List.of("after", "shared", "shared"),
                    seenByAlice.stream().map(e -> e.data().get("record_id").asText()).toList());
            List<Event> toBob = new ArrayList<>(bob.take(1, 10));
            if (toBob.get(0).action().equals("create")) {
                // Its delivery came after the grant (checked at delivery, as a GET then would be): the update follows.
                toBob.addAll(bob.take(1, 10));
            }
            assertEquals(List.of("shared"), toBob.stream().map(e -> e.data().get("record_id").asText()).distinct().toList());
            assertEquals("update", toBob.get(toBob.size() - 1).action());
            assertNull(bob.next(0.3), "nothing else: " + bob.pending());
        }
    }

    @Test
    void theBucketFeedCarriesCollectionsGroupsAndRecordsOfEveryCollection() throws Exception {
        try (SseStream stream = SseStream.open(base + "/buckets/" + bucket + "/changes?_since=0", "Authorization", ALICE)) {
            List<Event> replayed = stream.take(1, 10);
            assertEquals("/buckets/" + bucket + "/collections/c1", replayed.get(0).uri());
            assertTrue(replayed.get(0).data().get("replayed").asBoolean());
            ok(send("PUT", base + "/buckets/" + bucket + "/collections/c2", null, "Authorization", ALICE));
            post("c2", "{\"id\":\"x\"}", ALICE);
            post("c1", "{\"id\":\"y\"}", ALICE);
            ok(send("PUT", base + "/buckets/" + bucket + "/groups/g", "{\"data\":{\"members\":[]}}", "Authorization", ALICE));
            List<String> uris = stream.take(4, 10).stream().map(Event::uri).toList();
            String b = "/buckets/" + bucket;
            assertEquals(List.of(b + "/collections/c2", b + "/collections/c2/records/x", b + "/collections/c1/records/y",
                    b + "/groups/g"), uris);
        }
    }

    /**
     * A reader of single records shared with it is told what a _since list tells it: the list filters by the records
     * it may read now, and a deleted (or unshared) record has no ACL left, so neither its tombstone nor its last
     * change is shown. The feed, live and replayed, gives exactly the rows of that list.
     */
    @Test
    void aReaderOfSharedRecordsIsToldWhatItsSinceListShows() throws Exception {
        String bob = "{\"read\":[\"" + userId(BOB) + "\"]}";
        for (String id : List.of("deleted", "deleted-by-list", "unshared", "kept")) {
            ok(send("PUT", records("c1") + "/" + id, "{\"data\":{},\"permissions\":" + bob + "}", "Authorization", ALICE));
        }
        long since = json(ok(send("GET", records("c1") + "?_since=0", null, "Authorization", BOB))).get("data").get(0)
                .get("last_modified").asLong();
        List<Event> live;
        try (SseStream stream = SseStream.open(changes("c1"), "Authorization", BOB)) {
            assertEquals(200, stream.status());
            ok(send("DELETE", records("c1") + "/deleted", null, "Authorization", ALICE));
            ok(send("DELETE", records("c1") + "?id=deleted-by-list", null, "Authorization", ALICE));
            ok(send("PATCH", records("c1") + "/unshared", "{\"permissions\":{\"read\":[]}}", "Authorization", ALICE));
            ok(send("PATCH", records("c1") + "/kept", "{\"data\":{\"n\":1}}", "Authorization", ALICE));
            ok(send("PUT", records("c1") + "/marker", "{\"data\":{},\"permissions\":" + bob + "}", "Authorization", ALICE));
            live = new ArrayList<>();
            while (live.isEmpty() || !live.get(live.size() - 1).data().get("record_id").asText().equals("marker")) {
                live.add(stream.take(1, 10).get(0));
            }
        }
        JsonNode list = json(ok(send("GET", records("c1") + "?_since=" + since + "&_sort=last_modified", null,
                "Authorization", BOB))).get("data");
        List<String> rows = new ArrayList<>();
        list.forEach(row -> rows.add(row.get("id").asText() + (row.path("deleted").asBoolean() ? " deleted" : "")));
        assertEquals(List.of("kept", "marker"), rows, "what Kinto's list shows a reader of shared records");
        assertEquals(rows, live.stream().map(e -> e.data().get("record_id").asText()
                + (e.action().equals("delete") ? " deleted" : "")).toList());
        try (SseStream replayed = SseStream.open(changes("c1") + "?_since=" + since, "Authorization", BOB)) {
            assertEquals(rows, replayed.take(2, 10).stream().map(e -> e.data().get("record_id").asText()
                    + (e.action().equals("delete") ? " deleted" : "")).toList());
            assertNull(replayed.next(0.3), "nothing else: " + replayed.pending());
        }
    }

    /**
     * Timestamps increase per list, not across lists: a change of c2 may commit after a newer one of c1 (two writers
     * within the same milliseconds; here, a record created with a last_modified of its own ahead of the clock). A
     * client that saw the c1 change and resumes after it must still get the c2 one, and not the c1 one again.
     */
    @Test
    void theBucketFeedResumesEachListFromItsOwnPosition() throws Exception {
        long start = json(ok(send("PUT", base + "/buckets/" + bucket + "/collections/c2", null, "Authorization", ALICE)))
                .get("data").get("last_modified").asLong();
        String feed = base + "/buckets/" + bucket + "/changes";
        String b = "/buckets/" + bucket;
        Event ahead;
        try (SseStream stream = SseStream.open(feed + "?_since=" + start, "Authorization", ALICE)) {
            post("c1", "{\"id\":\"ahead\",\"last_modified\":" + (System.currentTimeMillis() + 10_000) + "}", ALICE);
            ahead = stream.take(1, 10).get(0);
            assertEquals(b + "/collections/c1/records/ahead", ahead.uri());
        }
        long behind = post("c2", "{\"id\":\"behind\"}", ALICE).get("last_modified").asLong();
        assertTrue(behind < ahead.data().get("timestamp").asLong(), "written out of timestamp order");
        Event missed;
        try (SseStream resumed = SseStream.open(feed, "Authorization", ALICE, "Last-Event-ID", ahead.lastEventId())) {
            missed = resumed.take(1, 10).get(0);
            assertEquals(b + "/collections/c2/records/behind", missed.uri());
            assertNull(resumed.next(0.3), "ahead is not sent again: " + resumed.pending());
        }
        try (SseStream again = SseStream.open(feed + "?_since=" + missed.lastEventId(), "Authorization", ALICE)) {
            assertEquals(200, again.status());
            assertNull(again.next(0.3), "both lists are where the client is: " + again.pending());
        }
    }

    private String userId(String authorization) {
        return json(send("GET", base + "/", null, "Authorization", authorization)).get("user").get("id").asText();
    }

    @Test
    void idleStreamsGetHeartbeatComments() throws Exception {
        try (SseStream stream = SseStream.open(changes("c1"), "Authorization", ALICE)) {
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (stream.comments() < 1 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertTrue(stream.comments() >= 1, "the opening comment");
            assertFalse(stream.ended());
        }
    }
}
