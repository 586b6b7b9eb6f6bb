package dev.kintoj.auth;

import dev.kintoj.core.Hmac;
import io.smallrye.mutiny.Uni;

import javax.crypto.spec.SecretKeySpec;
import java.util.Optional;

/**
 * Kinto's {@code basicauth} policy (permissions.md §1.1): any {@code user:password} is accepted and identified by
 * the hex HMAC-SHA256 of {@code "user:password"} keyed with {@code userid_hmac_secret}. No account is needed and
 * nothing is stored; an empty user name means anonymous.
 */
public final class BasicAuthPolicy implements AuthenticationPolicy {

    private final SecretKeySpec key;

    public BasicAuthPolicy(String hmacSecret) {
        this.key = Hmac.key(hmacSecret);
    }

    @Override
    public String name() {
        return "basicauth";
    }

    @Override
    public Uni<Optional<String>> identify(String authorization) {
        return Uni.createFrom().item(BasicCredentials.parse(authorization)
                .filter(credentials -> !credentials.user().isEmpty())
                .map(credentials -> Hmac.hex(key, credentials.user() + ":" + credentials.password())));
    }

    @Override
    public Optional<String> challenge() {
        return Optional.of("Basic realm=\"Realm\"");
    }
}
