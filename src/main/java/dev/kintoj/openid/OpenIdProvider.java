package dev.kintoj.openid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kintoj.core.Json;
import io.smallrye.mutiny.Uni;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One configured provider with its discovery document ({@code <issuer>/.well-known/openid-configuration}, fetched
 * at startup as Kinto does): checks access tokens at its userinfo endpoint, after the JWT checks when an
 * {@code audience} is configured, and trades authorization codes at its token endpoint.
 */
public final class OpenIdProvider {

    private final OpenIdSettings settings;
    private final JsonNode metadata;
    private final ProviderHttp http;
    private final JwtVerifier jwt;

    OpenIdProvider(OpenIdSettings settings, JsonNode metadata, ProviderHttp http) {
        this.settings = settings;
        this.metadata = metadata;
        this.http = http;
        this.jwt = settings.audience().isEmpty() ? null : new JwtVerifier(
                List.of(settings.issuer(), metadata.path("issuer").asText(settings.issuer())), settings.audience(),
                () -> http.get(endpoint("jwks_uri"), null).map(reply -> {
                    JsonNode document = reply.ok() ? Json.parseOrNull(reply.body()) : null;
                    return document == null ? JsonNodeFactory.instance.objectNode() : document;
                }));
    }

    /** Fetches the discovery document; a provider that cannot be reached stops startup (as in Kinto). */
    static Uni<OpenIdProvider> discover(OpenIdSettings settings, ProviderHttp http) {
        String url = settings.issuer().replaceAll("/+$", "") + "/.well-known/openid-configuration";
        return http.get(url, null).map(reply -> {
            JsonNode metadata = reply.ok() ? Json.parseOrNull(reply.body()) : null;
            if (metadata == null || !metadata.isObject() || !metadata.path("userinfo_endpoint").isTextual()) {
                throw new IllegalStateException("OpenID policy " + settings.name() + ": " + url
                        + " did not answer with an OpenID configuration (status " + reply.status() + ")");
            }
            return new OpenIdProvider(settings, metadata, http);
        });
    }

    public OpenIdSettings settings() {
        return settings;
    }

    String endpoint(String name) {
        return metadata.path(name).asText("");
    }

    /**
     * The userinfo of the token's user, or empty when the provider (or the JWT checks) refuse the token. Fails with
     * a backend failure when the provider cannot be reached.
     */
    Uni<Optional<JsonNode>> userinfo(String accessToken) {
        Uni<Boolean> jwtChecked = jwt == null ? Uni.createFrom().item(true)
                : jwt.verify(accessToken).map(Optional::isPresent);
        return jwtChecked.chain(valid -> !valid ? Uni.createFrom().item(Optional.<JsonNode>empty())
                : http.get(endpoint("userinfo_endpoint"), "Bearer " + accessToken).map(reply -> {
                    JsonNode profile = reply.ok() ? Json.parseOrNull(reply.body()) : null;
                    return Optional.ofNullable(profile).filter(JsonNode::isObject);
                }));
    }

    /** The token endpoint's answer (its body, as is) to the authorization code. */
    Uni<String> exchange(String code, String redirectUri) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("code", code);
        form.put("client_id", settings.clientId());
        form.put("client_secret", settings.clientSecret());
        form.put("redirect_uri", redirectUri);
        form.put("grant_type", "authorization_code");
        return http.postForm(endpoint("token_endpoint"), form).map(ProviderHttp.Reply::body);
    }

    /** Its entry in the {@code openid} capability's {@code providers}. */
    ObjectNode capability() {
        ObjectNode entry = JsonNodeFactory.instance.objectNode();
        entry.put("name", settings.name());
        entry.put("issuer", metadata.path("issuer").asText(settings.issuer()));
        entry.put("auth_path", "/openid/" + settings.name() + "/login");
        entry.put("client_id", settings.clientId());
        entry.put("audience", settings.audience());
        entry.put("header_type", settings.headerType());
        entry.put("userinfo_endpoint", endpoint("userinfo_endpoint"));
        return entry;
    }
}
