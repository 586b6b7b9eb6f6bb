package dev.kintoj.events.feed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PostgreSQL NOTIFY payloads stay below 8000 bytes: events are packed in order, an oversized one becomes a pointer. */
class NotifyPayloadsTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static FeedEvent event(int i, int padding) throws Exception {
        String data = "{\"action\":\"create\",\"uri\":\"/buckets/b/collections/c/records/r" + i + "\",\"timestamp\":" + (1000 + i)
                + ",\"resource_name\":\"record\",\"bucket_id\":\"b\",\"collection_id\":\"c\",\"record_id\":\"r" + i
                + "\",\"new\":{\"id\":\"r" + i + "\",\"last_modified\":" + (1000 + i) + ",\"pad\":\"" + "é".repeat(padding) + "\"}}";
        return FeedEvent.fromData(MAPPER.readTree(data));
    }

    @Test
    void eventsArePackedInOrderBelowTheLimitAndOversizedOnesTravelAsPointers() throws Exception {
        List<FeedEvent> events = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // Two-byte characters: the limit is in bytes. Every 50th event alone exceeds it.
            events.add(event(i, i % 50 == 7 ? 5000 : 40));
        }
        List<String> payloads = PostgresTransport.payloads(events);
        assertTrue(payloads.size() > 1);
        List<Long> timestamps = new ArrayList<>();
        int pointers = 0;
        for (String payload : payloads) {
            assertTrue(payload.getBytes(StandardCharsets.UTF_8).length < 8000, payload.length() + " bytes");
            for (JsonNode data : MAPPER.readTree(payload)) {
                timestamps.add(data.get("timestamp").asLong());
                if (data.path("pointer").asBoolean()) {
                    pointers++;
                    assertFalse(data.has("new"));
                    assertEquals(7, (data.get("timestamp").asLong() - 1000) % 50);
                } else {
                    assertEquals(data.get("timestamp").asLong(), data.get("new").get("last_modified").asLong());
                }
            }
        }
        assertEquals(6, pointers);
        assertEquals(events.stream().map(FeedEvent::timestamp).toList(), timestamps);
    }
}
