package dev.kintoj.core;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Reads a request may reuse (batch.md §2 allows it across the subrequests of a batch), kept in the request's Vert.x
 * duplicated context so that they end with it. Each user of it names its own memo; {@link #forget()} clears them all
 * when what the request read may have been undone (a failed batch subrequest rolled back to its savepoint).
 */
public final class RequestMemo {

    private final Object key = new Object();
    private final Object unitKey = new Object();

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

    /**
     * Runs one of the request's units of work. Inside it {@link #insideUnit()} holds: what was read before the unit
     * took its locks may have changed since, so reads that guard a write are not answered from memory there.
     */
    public <T> Uni<T> unit(Supplier<Uni<T>> work) {
        Context context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context)) {
            return Uni.createFrom().deferred(work::get);
        }
        return Uni.createFrom().deferred(() -> {
            int[] depth = context.getLocal(unitKey);
            if (depth == null) {
                depth = new int[1];
                context.putLocal(unitKey, depth);
            }
            int[] open = depth;
            open[0]++;
            return Uni.createFrom().<T>deferred(work::get).onTermination().invoke(() -> open[0]--);
        });
    }

    public boolean insideUnit() {
        Context context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context)) {
            return false;
        }
        int[] depth = context.getLocal(unitKey);
        return depth != null && depth[0] > 0;
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
