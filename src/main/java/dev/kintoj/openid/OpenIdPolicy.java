package dev.kintoj.openid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintoj.auth.AuthenticationPolicy;
import dev.kintoj.cache.Cache;
import dev.kintoj.core.Hmac;
import dev.kintoj.core.Json;
import io.smallrye.mutiny.Uni;

import java.util.Optional;

/**
 * Kinto's {@code OpenIDConnectPolicy} (plugins.md §6): {@code Authorization: <header_type> <access token>}, the
 * token checked by the provider, the userinfo kept in the cache for {@code verification_ttl_seconds} (each use
 * renews it) under an HMAC of the provider's settings and the token. The user id is the userinfo's
 * {@code userid_field} under the policy's name; a refused token leaves the request anonymous.
 */
public final class OpenIdPolicy implements AuthenticationPolicy {

    private final OpenIdProvider provider;
    private final Cache cache;
    private final String hmacSecret;

    public OpenIdPolicy(OpenIdProvider provider, Cache cache, String hmacSecret) {
        this.provider = provider;
        this.cache = cache;
        this.hmacSecret = hmacSecret;
    }

    @Override
    public String name() {
        return provider.settings().name();
    }

    @Override
    public Uni<Optional<String>> identify(String authorizationHeader) {
        return authenticate(authorizationHeader).map(user -> user.map(Identified::id));
    }

    @Override
    public Uni<Optional<Identified>> authenticate(String authorizationHeader) {
        OpenIdSettings settings = provider.settings();
        int space = authorizationHeader.indexOf(' ');
        if (space < 0 || !authorizationHeader.substring(0, space).equalsIgnoreCase(settings.headerType())) {
            return Uni.createFrom().item(Optional.empty());
        }
        String token = authorizationHeader.substring(space + 1);
        String key = "openid:verify:" + Hmac.hex(hmacSecret, settings.issuer() + ":" + settings.clientId() + ":"
                + settings.audience() + ":" + token);
        return cache.get(key)
                .map(cached -> cached.map(Json::parseOrNull).filter(JsonNode::isObject))
                .chain(cached -> cached.isPresent() ? Uni.createFrom().item(cached) : provider.userinfo(token))
                .chain(profile -> {
                    if (profile.isEmpty()) {
                        return Uni.createFrom().item(Optional.<Identified>empty());
                    }
                    JsonNode id = profile.get().get(settings.useridField());
                    Optional<Identified> user = id == null || id.isNull() || id.isContainerNode()
                            ? Optional.empty() : Optional.of(new Identified(id.asText(), profile.get()));
                    return cache.set(key, Json.write(profile.get()), settings.verificationTtl()).map(x -> user);
                });
    }

    @Override
    public Optional<String> challenge() {
        return Optional.of(provider.settings().headerType() + " realm=\"Realm\"");
    }
}
