package dev.kintoj.core;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The parents (a record's collection) a request has looked up, so that its routing check and the engine's, and
 * the later subrequests of a batch, read each one once. Forgotten whenever the request writes a container (and,
 * with every other request memo, when a batch subrequest fails).
 */
public final class ParentLookups {

    private final RequestMemo memo;
    private final Object name = new Object();

    public ParentLookups(RequestMemo memo) {
        this.memo = memo;
    }

    public Uni<Optional<ObjectNode>> get(String parentUri, Supplier<Uni<Optional<ObjectNode>>> read) {
        Map<String, Optional<ObjectNode>> parents = memo.of(name);
        if (parents == null) {
            return read.get();
        }
        Optional<ObjectNode> known = parents.get(parentUri);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return read.get().invoke(found -> parents.put(parentUri, found));
    }

    /** What a read made ahead found of a parent, for the lookups that follow. */
    public void remember(String parentUri, Optional<ObjectNode> found) {
        Map<String, Optional<ObjectNode>> parents = memo.of(name);
        if (parents != null) {
            parents.put(parentUri, found);
        }
    }

    public void forget() {
        Map<String, Optional<ObjectNode>> parents = memo.of(name);
        if (parents != null) {
            parents.clear();
        }
    }
}
