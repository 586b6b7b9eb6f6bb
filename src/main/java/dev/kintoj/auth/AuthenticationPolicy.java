package dev.kintoj.auth;

import io.smallrye.mutiny.Uni;

import java.util.Optional;

/** One entry of {@code multiauth.policies}: turns request credentials into a user id, or declines. */
public interface AuthenticationPolicy {

    /** The prefix of the policy's user ids ({@code basicauth:<hmac>}, {@code account:<name>}). */
    String name();

    /** The identifier (without the prefix) for this Authorization header, if the policy recognises it. */
    Uni<Optional<String>> identify(String authorizationHeader);

    /** The {@code WWW-Authenticate} challenge sent with 401 answers, if any. */
    Optional<String> challenge();
}
