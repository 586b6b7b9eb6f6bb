package dev.kintoj.storage.memory;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.Json;
import dev.kintoj.memory.UndoLog;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.Storage;
import dev.kintoj.storage.StorageContractTest;
import dev.kintoj.storage.StoredObject;
import org.junit.jupiter.api.Test;

import java.util.Deque;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * The storage contract run against the in-memory backend, and what it adds: the JSON text it keeps of each stored
 * object, which responses send as it is.
 */
class MemoryStorageTest extends StorageContractTest {

    @Override
    protected Storage createStorage() {
        return new MemoryStorage();
    }

    @Test
    void theTextIsWhatTheEngineWouldWriteAndIsWrittenOnce() {
        create("r1", "{\"z\": 1, \"a\": {\"b\": [1.50, \"\\u00e9\"]}, \"big\": 123456789012345678901234567890}");

        StoredObject listed = listed("r1");
        StoredObject read = storage.getStored(RECORD, C1, "r1").await().indefinitely().orElseThrow();
        StoredObject peeked = storage.peekAll(List.of(new Storage.Key(RECORD, C1, "r1"))).await().indefinitely()
                .get(0).orElseThrow();

        assertNotNull(listed.json());
        // Byte for byte what a response writing the tree would say: same mapper output, keys in the same order.
        assertEquals(Json.write(get(C1, "r1").orElseThrow()), listed.json());
        assertSame(listed.json(), read.json(), "kept, not written again");
        assertSame(listed.json(), peeked.json(), "kept, not written again");
        // Sent as it is: written by a generator, the raw value is the text.
        assertEquals(listed.json(), Json.write(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .rawValueNode(read.raw())));
    }

    @Test
    void aWriteGivesTheObjectANewTextAndAnUndoneWriteTheOldOne() {
        create("r1", "{\"v\": 1}");
        String first = listed("r1").json();

        storage.update(RECORD, C1, "r1", json("{\"v\": 2}")).await().indefinitely();
        String second = listed("r1").json();
        assertEquals(Json.write(get(C1, "r1").orElseThrow()), second);
        assertEquals(2, value(second).get("v").intValue());

        Deque<Runnable> unit = UndoLog.open();
        try {
            storage.update(RECORD, C1, "r1", json("{\"v\": 3}")).await().indefinitely();
            assertEquals(3, value(listed("r1").json()).get("v").intValue());
            UndoLog.rollback(unit, 0);
        } finally {
            UndoLog.close();
        }
        assertSame(second, listed("r1").json());
        assertEquals(1, value(first).get("v").intValue());
    }

    @Test
    void aReadObjectChangedByItsReaderChangesNeitherTheStoreNorItsText() {
        create("r1", "{\"v\": 1}");
        String text = listed("r1").json();

        ((ObjectNode) listed("r1").node()).put("v", 99);
        ((ObjectNode) storage.getStored(RECORD, C1, "r1").await().indefinitely().orElseThrow().node()).put("v", 98);

        assertEquals(text, listed("r1").json());
        assertEquals(1, get(C1, "r1").orElseThrow().get("v").intValue());
        assertEquals(1, listed("r1").node().get("v").intValue());
    }

    private StoredObject listed(String id) {
        return storage.listStored(RECORD, C1, ListQuery.ALL, false).await().indefinitely().stream()
                .filter(object -> object.node().get("id").asText().equals(id)).findFirst().orElseThrow();
    }
}
