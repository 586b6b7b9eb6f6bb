package dev.kintoj.events.feed;

import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.Operator;
import dev.kintoj.storage.Sort;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * What changed after a {@link FeedPosition} (each list after its own timestamp), read from storage page by page: the rows a {@code _since} list returns,
 * tombstones included, in timestamp order. A bucket's feed merges its lists (collections, groups, and the records
 * of each collection) by timestamp.
 */
final class Replay {

    static final int PAGE = 200;

    private static final class Source {
        final String resource;
        final String parentUri;
        final ArrayDeque<FeedEvent> page = new ArrayDeque<>();
        long cursor;
        boolean exhausted;

        Source(String resource, String parentUri, FeedPosition from) {
            this.resource = resource;
            this.parentUri = parentUri;
            this.cursor = from.of(FeedPosition.listOf(resource, parentUri));
        }
    }

    private final Storage storage;
    private final String bucketId;
    private final String collectionId;
    private final FeedPosition from;
    private List<Source> sources;

    /** {@code collectionId} null: the whole bucket; each list is replayed from its own position in {@code from}. */
    Replay(Storage storage, String bucketId, String collectionId, FeedPosition from) {
        this.storage = storage;
        this.bucketId = bucketId;
        this.collectionId = collectionId;
        this.from = from;
    }

    boolean needsRefill() {
        return sources == null || sources.stream().anyMatch(s -> !s.exhausted && s.page.isEmpty());
    }

    Uni<Void> refill() {
        if (sources == null) {
            return listSources().invoke(found -> sources = found).replaceWithVoid();
        }
        List<Uni<Void>> reads = new ArrayList<>();
        for (Source source : sources) {
            if (!source.exhausted && source.page.isEmpty()) {
                reads.add(read(source));
            }
        }
        return Uni.join().all(reads).andFailFast().replaceWithVoid();
    }

    /** The next event in timestamp order, or null when everything was replayed; only when no refill is needed. */
    FeedEvent poll() {
        Source next = null;
        for (Source source : sources) {
            if (!source.page.isEmpty() && (next == null || source.page.peek().timestamp() < next.page.peek().timestamp())) {
                next = source;
            }
        }
        return next == null ? null : next.page.poll();
    }

    private Uni<List<Source>> listSources() {
        String bucketUri = "/buckets/" + bucketId;
        if (collectionId != null) {
            return Uni.createFrom().item(List.of(new Source("record", bucketUri + "/collections/" + collectionId, from)));
        }
        return storage.listAll("collection", bucketUri, ListQuery.ALL, false).map(collections -> {
            List<Source> found = new ArrayList<>();
            found.add(new Source("collection", bucketUri, from));
            found.add(new Source("group", bucketUri, from));
            for (ObjectNode collection : collections) {
                found.add(new Source("record", bucketUri + "/collections/" + collection.get("id").textValue(), from));
            }
            return found;
        });
    }

    private Uni<Void> read(Source source) {
        ListQuery query = new ListQuery(List.of(new Filter("last_modified", LongNode.valueOf(source.cursor), Operator.GT)),
                List.of(new Sort("last_modified", true)), List.of(), PAGE);
        return storage.listAll(source.resource, source.parentUri, query, true).invoke(rows -> {
            for (ObjectNode row : rows) {
                source.page.add(FeedEvent.replayed(bucketId, source.resource, source.parentUri, row));
                source.cursor = row.get("last_modified").longValue();
            }
            source.exhausted = rows.size() < PAGE;
        }).replaceWithVoid();
    }
}
