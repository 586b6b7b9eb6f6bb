package dev.kintoj.events.feed;

import io.smallrye.mutiny.Uni;

/**
 * Whether a subscriber may read the object of an event at the moment it is delivered (what a GET would answer).
 * Implementations keep what they learn (the subscriber's principals, which lists it may read whole) until
 * {@link #invalidate} or their own expiry, so that most events are decided without I/O.
 */
public interface FeedAccess {

    /** The answer when it is known without I/O, else null (then {@link #check} is asked). */
    Boolean known(FeedEvent event);

    Uni<Boolean> check(FeedEvent event);

    /** Permissions or group memberships may have changed: what was learnt must be checked again. */
    void invalidate();
}
