package dev.kintoj.core;

import java.util.regex.Pattern;

/** How ids of a resource are generated and which ids it accepts (api.md §3.4). */
public interface IdGenerator {

    Pattern NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_-]*$");

    String generate();

    boolean accepts(String id);

    /**
     * 8 characters: one of [A-Za-z0-9], then seven of [A-Za-z0-9_-]; for buckets, collections and groups. The
     * randomness is that of a random UUID ({@link RandomUuids}: SecureRandoms seeded at run time, so none is created
     * while the native image is built).
     */
    IdGenerator SHORT_NAME = new IdGenerator() {
        private static final String FIRST = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        private static final String REST = FIRST + "_-";

        @Override
        public String generate() {
            long bits = RandomUuids.next().getLeastSignificantBits() & 0x3FFF_FFFF_FFFF_FFFFL;
            StringBuilder id = new StringBuilder(8).append(FIRST.charAt((int) (bits % FIRST.length())));
            bits /= FIRST.length();
            for (int i = 1; i < 8; i++) {
                id.append(REST.charAt((int) (bits & 63)));
                bits >>>= 6;
            }
            return id.toString();
        }

        @Override
        public boolean accepts(String id) {
            return NAME.matcher(id).matches();
        }
    };

    /** Random UUID4 ids; any valid name is accepted (records). */
    IdGenerator UUID4 = new IdGenerator() {
        @Override
        public String generate() {
            return RandomUuids.next().toString();
        }

        @Override
        public boolean accepts(String id) {
            return NAME.matcher(id).matches();
        }
    };
}
