package dev.kintoj.auth;

import java.util.Optional;

/** One entry of {@code multiauth.policies}: turns request credentials into a user id, or declines. */
public interface AuthenticationPolicy {

    /** The policy name, which prefixes its user ids ({@code basicauth:<hmac>}). */
    String name();

    /** The identifier (without the policy prefix) for this Authorization header, if the policy recognises it. */
    Optional<String> identify(String authorizationHeader);

    /** The {@code WWW-Authenticate} challenge sent with 401 answers, if any. */
    Optional<String> challenge();
}
