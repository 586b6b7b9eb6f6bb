package dev.kintoj.openid;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The configured OpenID providers by policy name, discovered once at startup. */
public final class OpenIdProviders {

    public static final OpenIdProviders NONE = new OpenIdProviders(Map.of(), null);

    private final Map<String, OpenIdProvider> providers;
    private final ProviderHttp http;

    private OpenIdProviders(Map<String, OpenIdProvider> providers, ProviderHttp http) {
        this.providers = providers;
        this.http = http;
    }

    /** Fetches every provider's discovery document; one that fails stops the service with its reason. */
    public static OpenIdProviders discover(List<OpenIdSettings> settings, ProviderHttp http) {
        if (settings.isEmpty()) {
            return NONE;
        }
        Map<String, OpenIdProvider> providers = new LinkedHashMap<>();
        for (OpenIdSettings provider : settings) {
            try {
                providers.put(provider.name(), OpenIdProvider.discover(provider, http)
                        .await().atMost(ProviderHttp.TIMEOUT.plus(Duration.ofSeconds(1))));
            } catch (IllegalStateException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new IllegalStateException("OpenID policy " + provider.name() + ": cannot fetch the configuration of "
                        + provider.issuer() + " (" + e.getMessage() + ")", e);
            }
        }
        return new OpenIdProviders(Map.copyOf(providers), http);
    }

    public Optional<OpenIdProvider> get(String name) {
        return Optional.ofNullable(providers.get(name));
    }

    public boolean isEmpty() {
        return providers.isEmpty();
    }

    /** The authorization endpoints by policy name, in no particular order (for the OpenAPI document). */
    public Map<String, String> authorizationEndpoints() {
        Map<String, String> endpoints = new java.util.TreeMap<>();
        providers.forEach((name, provider) -> endpoints.put(name, provider.endpoint("authorization_endpoint")));
        return endpoints;
    }

    /** The {@code openid} capability, listing the providers in {@code multiauth.policies} order. */
    public ObjectNode capability(List<String> policyOrder) {
        ObjectNode capability = JsonNodeFactory.instance.objectNode()
                .put("description", "OpenID connect support.")
                .put("url", "http://kinto.readthedocs.io/en/stable/api/1.x/authentication.html");
        var list = capability.putArray("providers");
        policyOrder.stream().map(providers::get).filter(java.util.Objects::nonNull)
                .forEach(provider -> list.add(provider.capability()));
        return capability;
    }

    public void close() {
        if (http != null) {
            http.close();
        }
    }
}
