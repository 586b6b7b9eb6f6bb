package dev.kintoj.postgresql;

import io.vertx.core.net.PemTrustOptions;
import io.vertx.core.net.TrustOptions;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Optional;
import javax.net.ssl.TrustManagerFactory;

/**
 * libpq's meaning of {@code sslmode} and {@code sslrootcert} in a URL, which the reactive client only half applies:
 * {@code require} (what hosted databases hand out) encrypts without checking the certificate; {@code verify-ca}
 * checks it against {@code sslrootcert} (a PEM file; {@code system} or none: the JVM's trusted authorities);
 * {@code verify-full} also checks that it names the host.
 */
final class PostgresTls {

    private PostgresTls() {
    }

    static void apply(PgConnectOptions options, String url) {
        SslMode mode = options.getSslMode();
        if (mode == null || mode == SslMode.DISABLE) {
            return;
        }
        Optional<String> rootCert = parameter(url, "sslrootcert").filter(v -> !v.isBlank() && !v.equals("system"));
        boolean verify = mode == SslMode.VERIFY_CA || mode == SslMode.VERIFY_FULL;
        if (rootCert.isPresent()) {
            // As libpq: with a root certificate given, even require verifies the chain.
            options.setPemTrustOptions(new PemTrustOptions().addCertPath(rootCert.get()));
        } else if (verify) {
            options.setTrustOptions(systemTrust());
        } else {
            options.setTrustAll(true);
        }
        if (mode == SslMode.VERIFY_FULL) {
            options.setHostnameVerificationAlgorithm("HTTPS");
        }
    }

    /** The value of a query parameter of the URL, if present. */
    static Optional<String> parameter(String url, String name) {
        int query = url.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        for (String pair : url.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return Optional.of(URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return Optional.empty();
    }

    private static TrustOptions systemTrust() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            return TrustOptions.wrap(factory);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot load the trusted certificate authorities: " + e.getMessage(), e);
        }
    }
}
