package dev.kintoj.metrics;

import dev.kintoj.auth.AuthenticationPolicy;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.smallrye.mutiny.Uni;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * An authentication policy whose checks are measured as Kinto measures its policies: the time of each check
 * ({@code authentication_<policy>}), and per identified request {@code authentication{type}} and
 * {@code users{auth, userid}}.
 */
final class MeasuredPolicy implements AuthenticationPolicy {

    private final AuthenticationPolicy policy;
    private final MeterRegistry registry;
    // Registered at first use, not here: the policies are built before Quarkus has given the registry our
    // MeterFilter (PrometheusSeries) in the native binary, and a meter registered earlier keeps its neutral name.
    private volatile Timer checks;
    private volatile Counter authentications;
    // One per user, as the registry's series: found without building tags on every request (RequestMeters says why).
    private final Map<String, Counter> users = new ConcurrentHashMap<>();
    private final TimedUni.Outcome<Optional<Identified>> checked = this::checked;

    MeasuredPolicy(AuthenticationPolicy policy, MeterRegistry registry) {
        this.policy = policy;
        this.registry = registry;
    }

    private Timer checks() {
        Timer timer = checks;
        if (timer == null) {
            timer = Timer.builder(KintoMeters.BASE + "authentication." + policy.name()).tag("method", "identify")
                    .register(registry);
            checks = timer;
        }
        return timer;
    }

    private Counter authentications() {
        Counter counter = authentications;
        if (counter == null) {
            counter = Counter.builder(KintoMeters.BASE + "authentication").tag("type", policy.name()).register(registry);
            authentications = counter;
        }
        return counter;
    }

    private Counter userCounter(String id) {
        // Kinto's label value: the prefixed user id with its colons turned into dots.
        return Counter.builder(KintoMeters.BASE + "users").tag("auth", policy.name())
                .tag("userid", (policy.name() + ":" + id).replace(':', '.')).register(registry);
    }

    @Override
    public String name() {
        return policy.name();
    }

    @Override
    public Uni<Optional<String>> identify(String authorizationHeader) {
        return authenticate(authorizationHeader).map(user -> user.map(Identified::id));
    }

    @Override
    public Uni<Optional<Identified>> authenticate(String authorizationHeader) {
        return new TimedUni<>(() -> policy.authenticate(authorizationHeader), checked);
    }

    /** A check that answered: its time, and when it identified the request, the authentication and its user. */
    private void checked(Optional<Identified> user, Throwable failure, long nanos) {
        if (failure != null) {
            return;
        }
        checks().record(nanos, TimeUnit.NANOSECONDS);
        if (user.isPresent()) {
            authentications().increment();
            String id = user.get().id();
            Counter counter = users.get(id);
            (counter != null ? counter : users.computeIfAbsent(id, this::userCounter)).increment();
        }
    }

    @Override
    public Optional<String> challenge() {
        return policy.challenge();
    }
}
