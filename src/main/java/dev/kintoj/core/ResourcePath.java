package dev.kintoj.core;

import java.util.List;
import java.util.Objects;

/**
 * A resource URL: the kind, the ids of its ancestors (outermost first) and, for an object endpoint, its id.
 * Example: {@code /buckets/b1/collections/c1/records} is kind record, ancestors [b1, c1], id null.
 *
 * <p>Not a record: a request asks a path for its URIs many times (its parent's id for every storage and permission
 * key, the ancestors' URIs for every ACL check), and each answer is built once and kept. A profile of the native
 * binary had a record GET spend 5 % of its CPU rebuilding them, parent paths included, on every call.
 */
public final class ResourcePath {

    /**
     * The key under which the HTTP gate leaves the path of a request it parsed in the request's routing data, so
     * that what looks at the request once it is answered (its metrics) need not parse the path again.
     */
    public static final String ROUTED = "kintoj.resource-path";

    private final ResourceKind kind;
    private final List<String> ancestorIds;
    private final String id;
    /*
     * Built on first use. Racing threads may each build one: they are equal values, and a String or a path is safely
     * published through a data race by its final fields (a path whose caches a reader sees empty builds them again),
     * as String.hash is.
     */
    private ResourcePath parentPath;
    private String parentId;
    private String listUri;
    private String objectUri;

    public ResourcePath(ResourceKind kind, List<String> ancestorIds, String id) {
        this.kind = kind;
        this.ancestorIds = List.copyOf(ancestorIds);
        this.id = id;
    }

    public ResourceKind kind() {
        return kind;
    }

    public List<String> ancestorIds() {
        return ancestorIds;
    }

    /** The object's id, or null for a list endpoint. */
    public String id() {
        return id;
    }

    public boolean isPlural() {
        return id == null;
    }

    /** Storage parent id: the parent object's URI, {@code ""} for top-level kinds. */
    public String parentId() {
        String known = parentId;
        if (known == null) {
            ResourcePath parent = parentPath();
            known = parent == null ? "" : parent.objectUri();
            parentId = known;
        }
        return known;
    }

    /** URI of the list, e.g. {@code /buckets/b1/collections}. */
    public String listUri() {
        String known = listUri;
        if (known == null) {
            known = parentId() + "/" + kind.segment();
            listUri = known;
        }
        return known;
    }

    /** URI of the object (never prefixed by the API version). */
    public String objectUri() {
        String known = objectUri;
        if (known == null) {
            known = listUri() + "/" + id;
            objectUri = known;
        }
        return known;
    }

    public ResourcePath withId(String newId) {
        ResourcePath path = new ResourcePath(kind, ancestorIds, newId);
        path.parentPath = parentPath;
        path.parentId = parentId;
        path.listUri = listUri;
        return path;
    }

    public ResourcePath plural() {
        return withId(null);
    }

    /** The object that contains this one's list, or null at the top. */
    public ResourcePath parentPath() {
        if (kind.parent() == null) {
            return null;
        }
        ResourcePath known = parentPath;
        if (known == null) {
            int n = ancestorIds.size();
            known = new ResourcePath(kind.parent(), ancestorIds.subList(0, n - 1), ancestorIds.get(n - 1));
            parentPath = known;
        }
        return known;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ResourcePath path && kind.equals(path.kind) && ancestorIds.equals(path.ancestorIds)
                && Objects.equals(id, path.id);
    }

    @Override
    public int hashCode() {
        return (kind.hashCode() * 31 + ancestorIds.hashCode()) * 31 + Objects.hashCode(id);
    }

    @Override
    public String toString() {
        return "ResourcePath[kind=" + kind + ", ancestorIds=" + ancestorIds + ", id=" + id + "]";
    }
}
