package dev.kintoj.core;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** The registry of resource kinds; plugins add theirs. Also maps URL paths to {@link ResourcePath}s. */
public class ResourceKinds {

    private final List<ResourceKind> kinds = new CopyOnWriteArrayList<>();

    public ResourceKinds(List<ResourceKind> initial) {
        kinds.addAll(initial);
    }

    public void register(ResourceKind kind) {
        kinds.add(kind);
    }

    public List<ResourceKind> all() {
        return List.copyOf(kinds);
    }

    /** Whether objects of some kind live below objects of this one (a bucket, a collection). */
    public boolean isContainer(ResourceKind kind) {
        for (ResourceKind child : kinds) {
            if (child.parent() == kind) {
                return true;
            }
        }
        return false;
    }

    public Optional<ResourceKind> byName(String name) {
        return kinds.stream().filter(k -> k.name().equals(name)).findFirst();
    }

    /** Parses a path without version prefix, e.g. {@code /buckets/b1/collections}; empty if no kind serves it. */
    public Optional<ResourcePath> parse(String path) {
        if (path == null || !path.startsWith("/") || path.endsWith("/")) {
            return Optional.empty();
        }
        String[] segments = path.substring(1).split("/", -1);
        ResourceKind parent = null;
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < segments.length; i += 2) {
            ResourceKind kind = child(parent, segments[i]);
            if (kind == null || (i + 1 < segments.length && segments[i + 1].isEmpty())) {
                return Optional.empty();
            }
            if (i + 1 >= segments.length) {
                return Optional.of(new ResourcePath(kind, ids, null));
            }
            if (i + 2 >= segments.length) {
                return kind.hooks().hasObjectEndpoint()
                        ? Optional.of(new ResourcePath(kind, ids, segments[i + 1]))
                        : Optional.empty();
            }
            ids.add(segments[i + 1]);
            parent = kind;
        }
        return Optional.empty();
    }

    private ResourceKind child(ResourceKind parent, String segment) {
        for (ResourceKind kind : kinds) {
            if (kind.parent() == parent && kind.segment().equals(segment)) {
                return kind;
            }
        }
        return null;
    }
}
