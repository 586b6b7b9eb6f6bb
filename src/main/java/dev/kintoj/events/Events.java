package dev.kintoj.events;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.Identity;
import dev.kintoj.core.RequestMemo;
import dev.kintoj.core.ResourceKind;
import dev.kintoj.core.ResourcePath;
import dev.kintoj.storage.Transactions;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The engine's events (events.md): collected per request (a whole batch is one request) in the request's Vert.x
 * context, merged per (resource, parent, action), delivered to the listeners at the end of the outermost unit of
 * work, inside its transaction, and again after its commit. Units of work are opened here so that both moments are
 * known; events of work that fails are dropped.
 */
public final class Events {

    private static final Logger LOG = Logger.getLogger(Events.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    public static final String CREATE = "create";
    public static final String UPDATE = "update";
    public static final String DELETE = "delete";
    public static final String READ = "read";

    private final Transactions transactions;
    private final List<EventListener> listeners;
    private final RequestMemo memo;
    private final Object key = new Object();

    /** The events of one request: pending ones (not yet delivered) and those delivered in the open unit. */
    private static final class RequestEvents {
        Map<String, ResourceEvent> pending = new LinkedHashMap<>();
        final List<ResourceEvent> delivered = new ArrayList<>();
        int openUnits;
    }

    public Events(Transactions transactions, List<EventListener> listeners) {
        this(transactions, listeners, new RequestMemo());
    }

    /** {@code memo}: the request memos, told when a unit of work runs (what was read before it may be outdated). */
    public Events(Transactions transactions, List<EventListener> listeners, RequestMemo memo) {
        this.transactions = transactions;
        this.listeners = List.copyOf(listeners);
        this.memo = memo;
    }

    /**
     * Runs a request collecting its events. What is still pending at the end (reads, changes made outside a unit)
     * is delivered then. Nested calls (batch subrequests) join the outer request.
     *
     * <p>The request runs to its end even when its caller cancels it, as Quarkus REST does when the client closes
     * its connection: a unit of work it has begun goes on to its commit anyway (the backends' units are not
     * cancellable), so the events of that unit must still be collected and its listeners told after the commit.
     * Kinto under a WSGI server likewise finishes a request whose client has left.
     */
    public <T> Uni<T> request(Supplier<Uni<T>> work) {
        Context context = Vertx.currentContext();
        if (listeners.isEmpty() || context == null || !VertxContext.isDuplicatedContext(context) || current() != null) {
            return Uni.createFrom().deferred(work::get);
        }
        RequestEvents events = new RequestEvents();
        context.putLocal(key, events);
        Uni<T> request = Uni.createFrom().<T>deferred(work::get)
                .call(() -> deliver(events))
                .invoke(() -> afterCommit(events))
                .onTermination().invoke(() -> context.removeLocal(key));
        return Uni.createFrom().emitter(emitter -> request.subscribe().with(emitter::complete, emitter::fail));
    }

    /** A unit of work (a transaction where the backends have them) whose events reach the listeners before its commit. */
    public <T> Uni<T> unit(Supplier<Uni<T>> work) {
        RequestEvents events = current();
        if (events == null) {
            return transactions.inTransaction(() -> memo.unit(work));
        }
        return transactions.inTransaction(() -> memo.unit(() -> {
            events.openUnits++;
            return Uni.createFrom().<T>deferred(work::get).onItemOrFailure().call((item, failure) -> {
                events.openUnits--;
                if (failure != null) {
                    if (events.openUnits == 0) {
                        events.pending.clear();
                    }
                    return Uni.createFrom().voidItem();
                }
                return events.openUnits == 0 ? deliver(events) : Uni.createFrom().voidItem();
            });
        })).invoke(() -> {
            if (events.openUnits == 0) {
                afterCommit(events);
            }
        }).onFailure().invoke(() -> {
            if (events.openUnits == 0) {
                events.delivered.clear();
            }
        });
    }

    /** Part of a unit that may fail on its own (a batch subrequest): when it does, its events are dropped too. */
    public <T> Uni<T> savepoint(Supplier<Uni<T>> work) {
        RequestEvents events = current();
        if (events == null) {
            return transactions.inSavepoint(work);
        }
        Map<String, ResourceEvent> before = new LinkedHashMap<>();
        events.pending.forEach((k, event) -> before.put(k, event.copy()));
        return transactions.inSavepoint(work).onFailure().invoke(() -> events.pending = before);
    }

    /** Tells the listeners of a request that a cascade is about to empty {@code container} (see {@link EventListener#beforeCascade}). */
    public Uni<Void> cascading(ResourcePath container) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        if (current() == null) {
            return chain;
        }
        for (EventListener listener : listeners) {
            if (listener.accepts(DELETE, container.kind().name())) {
                chain = chain.chain(() -> listener.beforeCascade(container));
            }
        }
        return chain;
    }

    /** Whether anything listens to reads of this resource: reads are only reported then (they cost a query). */
    public boolean wantsReads(String resourceName) {
        return current() != null && listeners.stream().anyMatch(listener -> listener.accepts(READ, resourceName));
    }

    /**
     * Records a change or a read of objects of one list. {@code path} is the endpoint (its ids go to the payload),
     * {@code timestamp} the list timestamp after the operation.
     */
    public void emit(String action, ResourcePath path, String parentId, long timestamp, Identity identity,
                     List<ResourceEvent.Impacted> objects) {
        RequestEvents events = current();
        if (events == null) {
            return;
        }
        ResourceEvent event = new ResourceEvent(payload(action, path, timestamp, identity), parentId, objects);
        ResourceEvent first = events.pending.get(event.key());
        if (first == null) {
            events.pending.put(event.key(), event);
        } else {
            first.merge(event);
        }
    }

    private static ObjectNode payload(String action, ResourcePath path, long timestamp, Identity identity) {
        ObjectNode payload = JSON.objectNode();
        payload.put("timestamp", timestamp);
        payload.put("action", action);
        payload.put("uri", path.isPlural() ? path.listUri() : path.objectUri());
        if (identity.isAnonymous()) {
            payload.putNull("user_id");
        } else {
            payload.put("user_id", identity.userId());
        }
        payload.put("resource_name", path.kind().name());
        List<ResourceKind> ancestors = new ArrayList<>();
        for (ResourceKind kind = path.kind().parent(); kind != null; kind = kind.parent()) {
            ancestors.add(0, kind);
        }
        for (int i = 0; i < ancestors.size(); i++) {
            payload.put(ancestors.get(i).name() + "_id", path.ancestorIds().get(i));
        }
        if (!path.isPlural()) {
            payload.put(path.kind().name() + "_id", path.id());
        }
        return payload;
    }

    private RequestEvents current() {
        Context context = Vertx.currentContext();
        return context == null ? null : context.getLocal(key);
    }

    /** In the unit (or the request): each pending event to each listener that accepts it; a failure fails the work. */
    private Uni<Void> deliver(RequestEvents events) {
        List<ResourceEvent> batch = new ArrayList<>(events.pending.values());
        events.pending = new LinkedHashMap<>();
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (ResourceEvent event : batch) {
            for (EventListener listener : listeners) {
                if (listener.accepts(event.action(), event.resourceName())) {
                    chain = chain.chain(() -> listener.resourceChanged(event));
                }
            }
        }
        return chain.invoke(() -> events.delivered.addAll(batch));
    }

    private void afterCommit(RequestEvents events) {
        List<ResourceEvent> committed = new ArrayList<>(events.delivered);
        events.delivered.clear();
        for (ResourceEvent event : committed) {
            for (EventListener listener : listeners) {
                if (listener.accepts(event.action(), event.resourceName())) {
                    try {
                        listener.afterCommit(event);
                    } catch (RuntimeException e) {
                        LOG.warnf(e, "Event listener %s failed after the commit", listener);
                    }
                }
            }
        }
    }
}
