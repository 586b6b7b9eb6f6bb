package dev.kintoj.metrics;

import io.smallrye.mutiny.Context;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.helpers.EmptyUniSubscription;
import io.smallrye.mutiny.operators.AbstractUni;
import io.smallrye.mutiny.subscription.UniSubscriber;
import io.smallrye.mutiny.subscription.UniSubscription;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * A measured call: the upstream is obtained at subscription (as {@code Uni.createFrom().deferred}) and its outcome,
 * item or failure, is handed with the elapsed time to an {@link Outcome} before it goes downstream. A cancelled call
 * has no outcome. One object and one subscriber per call, where {@code deferred} followed by
 * {@code onTermination().invoke} made two operators whose callbacks Mutiny wraps, on every call, in a capture of the
 * request's contexts (context propagation): most of the cost of timing every backend call (README, Metrics).
 * Recording into meters needs none of those contexts.
 */
final class TimedUni<T> extends AbstractUni<T> {

    private static final Logger LOG = Logger.getLogger(TimedUni.class);

    /** What to record once the call is over; {@code failure} is null when it produced {@code item}. */
    @FunctionalInterface
    interface Outcome<T> {
        void done(T item, Throwable failure, long nanos);
    }

    private final Supplier<Uni<T>> call;
    private final Outcome<? super T> outcome;

    TimedUni(Supplier<Uni<T>> call, Outcome<? super T> outcome) {
        this.call = call;
        this.outcome = outcome;
    }

    @Override
    public void subscribe(UniSubscriber<? super T> downstream) {
        long start = System.nanoTime();
        Uni<T> upstream;
        try {
            upstream = call.get();
            if (upstream == null) {
                throw new NullPointerException("The measured call returned null instead of a Uni");
            }
        } catch (Throwable failure) {
            done(outcome, null, failure, start);
            EmptyUniSubscription.propagateFailureEvent(downstream, failure);
            return;
        }
        AbstractUni.subscribe(upstream, new Measuring<>(downstream, outcome, start));
    }

    /** Records an outcome; a measurement that fails must not fail, or leave unanswered, the call it measures. */
    private static <T> void done(Outcome<? super T> outcome, T item, Throwable failure, long start) {
        try {
            outcome.done(item, failure, System.nanoTime() - start);
        } catch (RuntimeException e) {
            LOG.debugf("Metrics: a measurement failed: %s", e.toString());
        }
    }

    private static final class Measuring<T> implements UniSubscriber<T> {
        private final UniSubscriber<? super T> downstream;
        private final Outcome<? super T> outcome;
        private final long start;

        Measuring(UniSubscriber<? super T> downstream, Outcome<? super T> outcome, long start) {
            this.downstream = downstream;
            this.outcome = outcome;
            this.start = start;
        }

        @Override
        public Context context() {
            return downstream.context();
        }

        @Override
        public void onSubscribe(UniSubscription subscription) {
            downstream.onSubscribe(subscription);
        }

        @Override
        public void onItem(T item) {
            done(outcome, item, null, start);
            downstream.onItem(item);
        }

        @Override
        public void onFailure(Throwable failure) {
            done(outcome, null, failure, start);
            downstream.onFailure(failure);
        }
    }
}
