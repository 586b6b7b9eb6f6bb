package dev.kintoj.core;

import io.smallrye.mutiny.Uni;

import java.util.Set;

/**
 * Decides whether an identity may do something (permissions.md §4). The engine asks before touching data and
 * turns a refusal into 401 (anonymous) or 403.
 */
public interface Authorizer {

    /** Reading a list without the shared-children fallback: may the caller see that an object is missing? */
    String LIST = "list";

    /**
     * @param target     the object, or the list for plural requests and creations
     * @param permission {@code read}, {@code write}, {@code create} or {@link #LIST}
     */
    Uni<Access> authorize(Identity identity, ResourcePath target, String permission);

    /** The outcome; {@code sharedIds} non-null restricts a list operation to those ids. */
    record Access(boolean allowed, Set<String> sharedIds) {
        public static final Access ALLOWED = new Access(true, null);
        public static final Access DENIED = new Access(false, null);
    }
}
