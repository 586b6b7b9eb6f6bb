package dev.kintoj.api;

import dev.kintoj.auth.Authenticator;
import dev.kintoj.core.Authorizer;
import dev.kintoj.core.Identity;
import dev.kintoj.core.ResourceKinds;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.events.feed.FeedAccess;
import dev.kintoj.events.feed.FeedEvent;
import io.smallrye.mutiny.Uni;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A change-feed subscriber's read permission, as a GET would decide it now: an event is delivered when the
 * subscriber may read its whole list (inherited from the collection or bucket, or by a setting), or else the object
 * itself (an ACL of its own). Which lists are readable is remembered, with the subscriber's principals, until a
 * bucket, collection or group changes, or for {@code change_feed_acl_recheck_seconds} at most; per-object checks
 * are never remembered (a record's own ACL changes with an ordinary record event).
 */
final class SubscriberAccess implements FeedAccess {

    private final Authenticator authenticator;
    private final Authorizer authorizer;
    private final ResourceKinds kinds;
    private final String authorization;
    private final long recheckMillis;
    private final LongSupplier clock;
    private final Map<String, Boolean> lists = new ConcurrentHashMap<>();
    private volatile Identity identity;
    private volatile boolean stale;
    private volatile long checkedAt;

    SubscriberAccess(Authenticator authenticator, Authorizer authorizer, ResourceKinds kinds, String authorization,
                     Identity identity, long recheckMillis, LongSupplier clock) {
        this.authenticator = authenticator;
        this.authorizer = authorizer;
        this.kinds = kinds;
        this.authorization = authorization;
        this.identity = identity;
        this.recheckMillis = recheckMillis;
        this.clock = clock;
        this.checkedAt = clock.getAsLong();
    }

    @Override
    public Boolean known(FeedEvent event) {
        if (stale || clock.getAsLong() - checkedAt > recheckMillis) {
            return null;
        }
        return Boolean.TRUE.equals(lists.get(listUri(event))) ? Boolean.TRUE : null;
    }

    @Override
    public Uni<Boolean> check(FeedEvent event) {
        Uni<Void> fresh = Uni.createFrom().voidItem();
        if (stale || clock.getAsLong() - checkedAt > recheckMillis) {
            stale = false;
            checkedAt = clock.getAsLong();
            lists.clear();
            // Group memberships may have changed: the principals are computed again, as for a new request.
            fresh = authenticator.authenticate(authorization).invoke(found -> identity = found).replaceWithVoid();
        }
        return fresh.chain(() -> {
            Optional<ResourcePath> object = kinds.parse(event.objectUri());
            if (object.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            String list = listUri(event);
            Boolean whole = lists.get(list);
            Uni<Boolean> listReadable = whole != null ? Uni.createFrom().item(whole)
                    : authorizer.authorize(identity, object.get().plural(), Authorizer.LIST)
                    .map(access -> access.allowed() && access.sharedIds() == null)
                    .invoke(allowed -> lists.put(list, allowed));
            return listReadable.chain(allowed -> allowed ? Uni.createFrom().item(true)
                    : authorizer.authorize(identity, object.get(), "read").map(Authorizer.Access::allowed));
        });
    }

    @Override
    public void invalidate() {
        stale = true;
    }

    private static String listUri(FeedEvent event) {
        return event.objectUri().substring(0, event.objectUri().lastIndexOf('/'));
    }
}
