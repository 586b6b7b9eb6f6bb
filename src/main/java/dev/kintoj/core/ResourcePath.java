package dev.kintoj.core;

import java.util.List;

/**
 * A resource URL: the kind, the ids of its ancestors (outermost first) and, for an object endpoint, its id.
 * Example: {@code /buckets/b1/collections/c1/records} is kind record, ancestors [b1, c1], id null.
 */
public record ResourcePath(ResourceKind kind, List<String> ancestorIds, String id) {

    /**
     * The key under which the HTTP gate leaves the path of a request it parsed in the request's routing data, so
     * that what looks at the request once it is answered (its metrics) need not parse the path again.
     */
    public static final String ROUTED = "kintoj.resource-path";

    public ResourcePath {
        ancestorIds = List.copyOf(ancestorIds);
    }

    public boolean isPlural() {
        return id == null;
    }

    /** Storage parent id: the parent object's URI, {@code ""} for top-level kinds. */
    public String parentId() {
        return parentPath() == null ? "" : parentPath().objectUri();
    }

    /** URI of the list, e.g. {@code /buckets/b1/collections}. */
    public String listUri() {
        return parentId() + "/" + kind.segment();
    }

    /** URI of the object (never prefixed by the API version). */
    public String objectUri() {
        return listUri() + "/" + id;
    }

    public ResourcePath withId(String newId) {
        return new ResourcePath(kind, ancestorIds, newId);
    }

    public ResourcePath plural() {
        return withId(null);
    }

    /** The object that contains this one's list, or null at the top. */
    public ResourcePath parentPath() {
        if (kind.parent() == null) {
            return null;
        }
        int n = ancestorIds.size();
        return new ResourcePath(kind.parent(), ancestorIds.subList(0, n - 1), ancestorIds.get(n - 1));
    }
}
