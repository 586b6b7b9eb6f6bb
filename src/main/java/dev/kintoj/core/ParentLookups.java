package dev.kintoj.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The parents (a record's collection) a request has looked up, so that its routing check and the engine's, and
 * the later subrequests of a batch, read each one once (batch.md §2 allows reusing them). Kept in the request's
 * Vert.x context, so it ends with the request; forgotten whenever the request writes a container or a batch
 * subrequest fails (its changes are rolled back).
 */
public final class ParentLookups {

    private final Object key = new Object();

    Uni<Optional<ObjectNode>> get(String parentUri, Supplier<Uni<Optional<ObjectNode>>> read) {
        Map<String, Optional<ObjectNode>> memo = memo();
        if (memo == null) {
            return read.get();
        }
        Optional<ObjectNode> known = memo.get(parentUri);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return read.get().invoke(found -> memo.put(parentUri, found));
    }

    public void forget() {
        Map<String, Optional<ObjectNode>> memo = memo();
        if (memo != null) {
            memo.clear();
        }
    }

    private Map<String, Optional<ObjectNode>> memo() {
        Context context = Vertx.currentContext();
        if (context == null || !VertxContext.isDuplicatedContext(context)) {
            return null;
        }
        Map<String, Optional<ObjectNode>> memo = context.getLocal(key);
        if (memo == null) {
            memo = new HashMap<>();
            context.putLocal(key, memo);
        }
        return memo;
    }
}
