package dev.kintoj.openid;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kintoj.core.Json;
import io.smallrye.mutiny.Uni;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Checks a JWT access token as Kinto does when a policy has an {@code audience}: signature by one of the provider's
 * JWKS keys, issuer, audience, and the {@code exp}/{@code nbf} dates. Plain JDK cryptography (RS256/384/512 and
 * ES256/384/512): no JOSE library is on the runtime classpath and none is needed for these checks, which keeps the
 * native image free of reflective parsers. The keys are fetched at first use and again when a token names a key
 * the cached set lacks (the provider rotated its keys), at most every {@link #REFRESH_INTERVAL_MILLIS}.
 */
final class JwtVerifier {

    static final long REFRESH_INTERVAL_MILLIS = 10_000;

    private static final Map<String, String> ALGORITHMS = Map.of(
            "RS256", "SHA256withRSA", "RS384", "SHA384withRSA", "RS512", "SHA512withRSA",
            "ES256", "SHA256withECDSAinP1363Format", "ES384", "SHA384withECDSAinP1363Format",
            "ES512", "SHA512withECDSAinP1363Format");
    private static final Map<String, String> CURVES = Map.of("P-256", "secp256r1", "P-384", "secp384r1", "P-521", "secp521r1");

    private final List<String> issuers;
    private final String audience;
    private final Supplier<Uni<JsonNode>> jwks;
    private volatile Map<String, PublicKey> keys;
    private volatile long fetchedAt;

    /** @param jwks fetches the provider's JWKS document */
    JwtVerifier(List<String> issuers, String audience, Supplier<Uni<JsonNode>> jwks) {
        this.issuers = List.copyOf(issuers);
        this.audience = audience;
        this.jwks = jwks;
    }

    /** The token's claims when it passes every check; empty for any token that does not. */
    Uni<Optional<JsonNode>> verify(String token) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return Uni.createFrom().item(Optional.empty());
        }
        JsonNode header = decodeJson(parts[0]);
        JsonNode claims = decodeJson(parts[1]);
        byte[] signature = decode(parts[2]);
        if (header == null || claims == null || signature == null || !claims.isObject()) {
            return Uni.createFrom().item(Optional.empty());
        }
        String algorithm = ALGORITHMS.get(header.path("alg").asText(""));
        if (algorithm == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        String kid = header.path("kid").asText("");
        return key(kid).map(key -> key
                .filter(k -> signed(algorithm, k, (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), signature))
                .filter(k -> claimsValid(claims, System.currentTimeMillis() / 1000))
                .map(k -> claims));
    }

    private Uni<Optional<PublicKey>> key(String kid) {
        Map<String, PublicKey> known = keys;
        if (known != null && (known.containsKey(kid)
                || System.currentTimeMillis() - fetchedAt < REFRESH_INTERVAL_MILLIS)) {
            return Uni.createFrom().item(Optional.ofNullable(pick(known, kid)));
        }
        return jwks.get().map(document -> {
            Map<String, PublicKey> parsed = parse(document);
            keys = parsed;
            fetchedAt = System.currentTimeMillis();
            return Optional.ofNullable(pick(parsed, kid));
        });
    }

    /** The key by its id; a token without {@code kid} may use the provider's only key. */
    private static PublicKey pick(Map<String, PublicKey> keys, String kid) {
        if (keys.containsKey(kid)) {
            return keys.get(kid);
        }
        return kid.isEmpty() && keys.size() == 1 ? keys.values().iterator().next() : null;
    }

    boolean claimsValid(JsonNode claims, long now) {
        if (!issuers.contains(claims.path("iss").asText(null))) {
            return false;
        }
        JsonNode aud = claims.path("aud");
        boolean audienceMatches = aud.isArray()
                ? java.util.stream.StreamSupport.stream(aud.spliterator(), false).anyMatch(a -> audience.equals(a.asText()))
                : audience.equals(aud.asText(null));
        if (!audienceMatches) {
            return false;
        }
        JsonNode exp = claims.get("exp");
        if (exp != null && (!exp.isNumber() || exp.asLong() <= now)) {
            return false;
        }
        JsonNode nbf = claims.get("nbf");
        return nbf == null || (nbf.isNumber() && nbf.asLong() <= now);
    }

    private static boolean signed(String algorithm, PublicKey key, byte[] content, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(content);
            return verifier.verify(signature);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            // A key of the wrong type for the algorithm, or a malformed signature.
            return false;
        }
    }

    /** The usable public keys of a JWKS document, by {@code kid}; keys this class cannot read are skipped. */
    static Map<String, PublicKey> parse(JsonNode document) {
        Map<String, PublicKey> keys = new HashMap<>();
        for (JsonNode jwk : document.path("keys")) {
            if (jwk.has("use") && !"sig".equals(jwk.path("use").asText())) {
                continue;
            }
            try {
                PublicKey key = switch (jwk.path("kty").asText("")) {
                    case "RSA" -> KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                            unsigned(jwk, "n"), unsigned(jwk, "e")));
                    case "EC" -> ecKey(jwk);
                    default -> null;
                };
                if (key != null) {
                    keys.put(jwk.path("kid").asText(""), key);
                }
            } catch (GeneralSecurityException | IllegalArgumentException e) {
                // skipped: not a key we can verify with
            }
        }
        return keys;
    }

    private static PublicKey ecKey(JsonNode jwk) throws GeneralSecurityException {
        String curve = CURVES.get(jwk.path("crv").asText(""));
        if (curve == null) {
            return null;
        }
        AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
        parameters.init(new ECGenParameterSpec(curve));
        ECParameterSpec spec = parameters.getParameterSpec(ECParameterSpec.class);
        return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                new ECPoint(unsigned(jwk, "x"), unsigned(jwk, "y")), spec));
    }

    private static BigInteger unsigned(JsonNode jwk, String field) {
        byte[] bytes = decode(jwk.path(field).asText(""));
        if (bytes == null || bytes.length == 0) {
            throw new IllegalArgumentException("missing " + field);
        }
        return new BigInteger(1, bytes);
    }

    private static JsonNode decodeJson(String part) {
        byte[] bytes = decode(part);
        return bytes == null ? null : Json.parseOrNull(new String(bytes, StandardCharsets.UTF_8));
    }

    private static byte[] decode(String base64url) {
        try {
            return Base64.getUrlDecoder().decode(base64url);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
