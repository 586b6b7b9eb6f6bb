package dev.kintoj.auth;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Kinto's {@code basicauth} policy (permissions.md §1.1): any {@code user:password} is accepted and identified by
 * the hex HMAC-SHA256 of {@code "user:password"} keyed with {@code userid_hmac_secret}. No account is needed and
 * nothing is stored; an empty user name means anonymous.
 */
public final class BasicAuthPolicy implements AuthenticationPolicy {

    private final SecretKeySpec key;

    public BasicAuthPolicy(String hmacSecret) {
        byte[] secret = hmacSecret.getBytes(StandardCharsets.UTF_8);
        // HMAC accepts an empty key, but SecretKeySpec does not: a single zero byte is the same HMAC key.
        this.key = new SecretKeySpec(secret.length == 0 ? new byte[1] : secret, "HmacSHA256");
    }

    @Override
    public String name() {
        return "basicauth";
    }

    @Override
    public Optional<String> identify(String authorization) {
        return BasicCredentials.parse(authorization)
                .filter(credentials -> !credentials.user().isEmpty())
                .map(credentials -> hmac(credentials.user() + ":" + credentials.password()));
    }

    @Override
    public Optional<String> challenge() {
        return Optional.of("Basic realm=\"Realm\"");
    }

    private String hmac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** {@code Authorization: Basic base64(user:password)}. */
    record BasicCredentials(String user, String password) {
        static Optional<BasicCredentials> parse(String header) {
            if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
                return Optional.empty();
            }
            try {
                String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon < 0 ? Optional.empty()
                        : Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
