package dev.kintoj.openid;

import dev.kintoj.TcpForwarder;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import no.nav.security.mock.oauth2.MockOAuth2Server;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * A real OpenID provider for the tests: mock-oauth2-server on a free port, reached through a {@link TcpForwarder}
 * so that a test can take the provider off the network and bring it back. Two issuers: {@code mock} (policy
 * {@code mock}, userinfo only) and {@code strict} (policy {@code strict}: an {@code audience}, so JWT checks, and
 * {@code email} as user id).
 */
public class OpenIdProviderResource implements QuarkusTestResourceLifecycleManager {

    /** What the tests need: the provider, the forwarder in front of it, and the issuer base URL Kinto uses. */
    public record Provider(MockOAuth2Server server, TcpForwarder network, String baseUrl) {
        public String issuer(String id) {
            return baseUrl + "/" + id;
        }
    }

    private MockOAuth2Server server;
    private TcpForwarder network;
    private Provider provider;

    @Override
    public Map<String, String> start() {
        server = new MockOAuth2Server();
        server.start();
        try {
            network = new TcpForwarder("localhost", server.baseUrl().port());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        provider = new Provider(server, network, "http://127.0.0.1:" + network.port());
        // The provider's first answers take seconds (class loading, key generation): paid here, not by Kinto's
        // bounded calls.
        for (String path : List.of("/mock/.well-known/openid-configuration", "/strict/.well-known/openid-configuration",
                "/mock/jwks", "/strict/jwks")) {
            try {
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(provider.baseUrl() + path)).build(),
                        HttpResponse.BodyHandlers.discarding());
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("the OpenID provider does not answer", e);
            }
        }
        String policy = "kinto.plugins.openid.OpenIDConnectPolicy";
        return Map.ofEntries(
                Map.entry("kinto.includes", "kinto.plugins.default_bucket kinto.plugins.openid"),
                Map.entry("kinto.bucket_create_principals", "system.Authenticated"),
                Map.entry("multiauth.policies", "mock strict"),
                Map.entry("multiauth.policy.mock.use", policy),
                Map.entry("multiauth.policy.mock.issuer", provider.issuer("mock")),
                Map.entry("multiauth.policy.mock.client_id", "kinto-client"),
                Map.entry("multiauth.policy.mock.client_secret", "kinto-secret"),
                Map.entry("multiauth.policy.mock.verification_ttl_seconds", "600"),
                Map.entry("multiauth.policy.strict.use", policy),
                Map.entry("multiauth.policy.strict.issuer", provider.issuer("strict")),
                Map.entry("multiauth.policy.strict.client_id", "strict-client"),
                Map.entry("multiauth.policy.strict.audience", "kinto-api"),
                Map.entry("multiauth.policy.strict.userid_field", "email"));
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(provider, new TestInjector.MatchesType(Provider.class));
    }

    @Override
    public void stop() {
        try {
            network.close();
        } catch (IOException e) {
            // the JVM ends with the tests
        }
        server.shutdown();
    }
}
