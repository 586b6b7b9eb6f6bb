package dev.kintoj.quotas;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.kintoj.storage.Filter;
import dev.kintoj.storage.ListQuery;
import dev.kintoj.storage.Operator;
import dev.kintoj.storage.Sort;
import dev.kintoj.storage.Storage;
import io.smallrye.mutiny.Uni;

import java.util.List;
import java.util.function.Function;

/**
 * The live objects of one list, a page at a time in id order: a large collection is never held in memory whole,
 * and no backend's fetch limit ({@code storage_max_fetch_size}) cuts it short.
 */
final class Pages {

    static final int SIZE = 500;

    private Pages() {
    }

    static Uni<Void> forEach(Storage storage, String resource, String parentId, Function<ObjectNode, Uni<Void>> step) {
        return from(storage, resource, parentId, null, step);
    }

    private static Uni<Void> from(Storage storage, String resource, String parentId, String after,
                                  Function<ObjectNode, Uni<Void>> step) {
        List<List<Filter>> rules = after == null ? List.of()
                : List.of(List.of(new Filter("id", TextNode.valueOf(after), Operator.GT)));
        ListQuery page = new ListQuery(List.of(), List.of(new Sort("id", true)), rules, SIZE);
        return storage.listAll(resource, parentId, page, false).chain(objects -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (ObjectNode object : objects) {
                chain = chain.chain(() -> step.apply(object));
            }
            if (objects.size() < SIZE) {
                return chain;
            }
            String last = objects.get(objects.size() - 1).get("id").asText();
            return chain.chain(() -> from(storage, resource, parentId, last, step));
        });
    }
}
