package dev.kintoj.core;

import org.junit.jupiter.api.Test;

import javax.crypto.spec.SecretKeySpec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Kinto's {@code hmac_digest}, checked against RFC 4231's vectors, whatever key each thread's Mac had before. */
class HmacTest {

    // RFC 4231, test cases 2 and 1.
    private static final String JEFE = "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
    private static final String HI_THERE = "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7";

    @Test
    void digestsAreRfc4231sWhenKeysAlternateOnOneThread() {
        SecretKeySpec jefe = Hmac.key("Jefe");
        SecretKeySpec twenty = new SecretKeySpec(new byte[]{
                0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b,
                0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b, 0x0b}, "HmacSHA256");
        for (int i = 0; i < 3; i++) {
            assertEquals(JEFE, Hmac.hex(jefe, "what do ya want for nothing?"));
            assertEquals(JEFE, Hmac.hex(jefe, "what do ya want for nothing?"), "the same key twice");
            assertEquals(HI_THERE, Hmac.hex(twenty, "Hi There"));
            assertEquals(JEFE, Hmac.hex("Jefe", "what do ya want for nothing?"), "an equal key given anew");
        }
    }

    @Test
    void anEmptySecretIsAKeyAndSecretsCompareWhole() {
        // Python's hmac.new(b"", b"x", sha256).hexdigest()
        assertEquals("4cbc96099a6467ce002461f10549b4898265ebe6188b45efacc44293516e62c4", Hmac.hex("", "x"));
        assertEquals(Hmac.hex(Hmac.key(""), "x"), Hmac.hex("\0", "x"), "an empty key is one zero byte");
        assertTrue(Hmac.constantTimeEquals("abc", "abc"));
        assertFalse(Hmac.constantTimeEquals("abc", "abd"));
        assertFalse(Hmac.constantTimeEquals(null, "abc"));
    }
}
