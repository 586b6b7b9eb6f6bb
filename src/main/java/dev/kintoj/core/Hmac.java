package dev.kintoj.core;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Kinto's {@code hmac_digest}: lower-case hex HMAC-SHA256, used for user ids, cache keys and bucket ids. */
public final class Hmac {

    private Hmac() {
    }

    public static SecretKeySpec key(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        // HMAC accepts an empty key, but SecretKeySpec does not: a single zero byte is the same HMAC key.
        return new SecretKeySpec(bytes.length == 0 ? new byte[1] : bytes, "HmacSHA256");
    }

    public static String hex(String secret, String message) {
        return hex(key(secret), message);
    }

    public static String hex(SecretKeySpec key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Compares secrets in time independent of where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
