package dev.kintoj.metrics;

import dev.kintoj.auth.AuthenticationPolicy;
import io.smallrye.mutiny.Uni;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An authentication policy whose checks are measured as Kinto measures its policies: the time of each check
 * ({@code authentication_<policy>}), and per identified request {@code authentication{type}} and
 * {@code users{auth, userid}}.
 */
final class MeasuredPolicy implements AuthenticationPolicy {

    private final AuthenticationPolicy policy;
    private final Recorder.Sink sink;
    private final Recorder checks;
    private final Recorder authentications;
    // One per user, as the series: found without building labels on every request (RequestMeters says why).
    private final Map<String, Recorder> users = new ConcurrentHashMap<>();
    // The last user's, compared before the map is asked: a user id is a new string on each request, whose hash the
    // map would compute again, and the next request is often the same user's.
    private volatile UserSeries lastUser;
    private final TimedUni.Outcome<Optional<Identified>> checked = this::checked;

    MeasuredPolicy(AuthenticationPolicy policy, Recorder.Sink sink) {
        this.policy = policy;
        this.sink = sink;
        this.checks = sink.recorder(Recorder.Kind.TIMER, "authentication." + policy.name(), Map.of("method", "identify"));
        this.authentications = sink.recorder(Recorder.Kind.COUNTER, "authentication", Map.of("type", policy.name()));
    }

    private Recorder userSeries(String id) {
        // Kinto's label value: the prefixed user id with its colons turned into dots.
        return sink.recorder(Recorder.Kind.COUNTER, "users",
                Map.of("auth", policy.name(), "userid", (policy.name() + ":" + id).replace(':', '.')));
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
        checks.record(nanos);
        if (user.isPresent()) {
            authentications.record(1);
            String id = user.get().id();
            UserSeries last = lastUser;
            if (last == null || !last.id.equals(id)) {
                last = new UserSeries(id, users.computeIfAbsent(id, this::userSeries));
                lastUser = last;
            }
            last.series.record(1);
        }
    }

    private record UserSeries(String id, Recorder series) {
    }

    @Override
    public Optional<String> challenge() {
        return policy.challenge();
    }
}
