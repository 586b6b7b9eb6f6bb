package dev.kintoj.core;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.NoSuchAlgorithmException;
import java.security.MessageDigest;
import java.util.HexFormat;

/** Kinto's {@code hmac_digest}: lower-case hex HMAC-SHA256, used for user ids, cache keys and bucket ids. */
public final class Hmac {

    // Getting a Mac from the security providers for each message cost more than the HMAC itself (a basicauth request
    // computes one): each thread keeps one, and keys it again only when it is given another key.
    private static final ThreadLocal<KeyedMac> MACS = ThreadLocal.withInitial(KeyedMac::new);

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
            // doFinal leaves the Mac as init left it, ready for the next message with the same key.
            return HexFormat.of().formatHex(MACS.get().keyedWith(key).doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** One thread's Mac and the key it was last given. */
    private static final class KeyedMac {
        private final Mac mac;
        private SecretKeySpec key;

        KeyedMac() {
            try {
                mac = Mac.getInstance("HmacSHA256");
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("HmacSHA256 is not available", e);
            }
        }

        Mac keyedWith(SecretKeySpec wanted) throws GeneralSecurityException {
            if (wanted != key) {
                key = null;  // a failed init leaves the Mac without a key
                mac.init(wanted);
                key = wanted;
            }
            return mac;
        }
    }

    /** Compares secrets in time independent of where they differ. */
    public static boolean constantTimeEquals(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
