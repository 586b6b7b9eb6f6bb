package dev.kintoj.core;

import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;

/**
 * Reads a request may reuse (batch.md §2 allows it across the subrequests of a batch), kept in the request's Vert.x
 * duplicated context so that they end with it. Each user of it names its own memo; {@link #forget()} clears them all
 * when what the request read may have been undone (a failed batch subrequest rolled back to its savepoint).
 */
public final class RequestMemo {

    private final Object key = new Object();

    /** The current request's memo of that name, or null outside a request (nothing is then remembered). */
    @SuppressWarnings("unchecked")
    public <K, V> Map<K, V> of(Object name) {
        Map<Object, Map<?, ?>> memos = memos(true);
        return memos == null ? null : (Map<K, V>) memos.computeIfAbsent(name, ignored -> new HashMap<>());
    }

    public void forget() {
        Map<Object, Map<?, ?>> memos = memos(false);
        if (memos != null) {
            memos.values().forEach(Map::clear);
        }
    }

    private Map<Object, Map<?, ?>> memos(boolean create) {
        Context context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context)) {
            return null;
        }
        Map<Object, Map<?, ?>> memos = context.getLocal(key);
        if (memos == null && create) {
            memos = new HashMap<>();
            context.putLocal(key, memos);
        }
        return memos;
    }
}
