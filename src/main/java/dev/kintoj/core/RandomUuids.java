package dev.kintoj.core;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.UUID;

/**
 * Random (version 4) UUIDs, as {@link UUID#randomUUID()} makes them, from a SecureRandom of each thread's own.
 * {@code randomUUID} draws from one SecureRandom for the whole JVM, whose reads take locks (NativePRNG reads and mixes
 * under global locks) that the event loops then contend for on every object they create. Each thread has its own
 * DRBG (NIST SP 800-90A, seeded from the system's entropy source), which keeps its state per instance, and draws
 * {@link #BATCH} bytes at a time: a DRBG call costs about as much for 16 bytes as for a few hundred.
 * The generators are created on first use, at run time, so none is built into a native image.
 */
public final class RandomUuids {

    static final int BATCH = 256;

    private static final ThreadLocal<Source> SOURCE = ThreadLocal.withInitial(Source::new);

    private RandomUuids() {
    }

    public static UUID next() {
        return SOURCE.get().next();
    }

    /** One thread's generator and the bytes it has drawn and not yet used. */
    private static final class Source {
        private final SecureRandom random = generator();
        private final byte[] bytes = new byte[BATCH];
        private int used = BATCH;

        UUID next() {
            if (used == BATCH) {
                random.nextBytes(bytes);
                used = 0;
            }
            long most = bits(used);
            long least = bits(used + 8);
            used += 16;
            // RFC 4122 §4.4: version 4 and the IETF variant, as randomUUID sets them; the other 122 bits are random.
            most = (most & ~0xF000L) | 0x4000L;
            least = (least & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
            return new UUID(most, least);
        }

        private long bits(int from) {
            long value = 0;
            for (int i = from; i < from + 8; i++) {
                value = (value << 8) | (bytes[i] & 0xFF);
            }
            return value;
        }

        private static SecureRandom generator() {
            try {
                return SecureRandom.getInstance("DRBG");
            } catch (NoSuchAlgorithmException e) {
                return new SecureRandom(); // the platform's default: still unguessable, only shared
            }
        }
    }
}
