package dev.kintoj.api;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Strict decoding of request targets. {@link java.net.URLDecoder} accepts a malformed escape's neighbours and
 * replaces invalid UTF-8 with U+FFFD; Kinto refuses both, so these methods throw {@link IllegalArgumentException}.
 */
final class PercentDecoding {

    private PercentDecoding() {
    }

    /**
     * The request line as text. Netty hands it over one char per byte (ISO-8859-1); clients send UTF-8, as Kinto's
     * WSGI server assumes: raw non-ASCII bytes are decoded as UTF-8 here, once, for the path and the query.
     */
    static String fromWire(String latin1) {
        if (latin1 == null) {
            return null;
        }
        for (int i = 0; i < latin1.length(); i++) {
            if (latin1.charAt(i) >= 0x80) {
                return utf8(latin1.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return latin1;
    }

    /** Decodes {@code %XX} escapes as UTF-8 ({@code form}: {@code +} is a space, as in query strings). */
    static String decode(String text, boolean form) {
        if (text.indexOf('%') < 0 && (!form || text.indexOf('+') < 0)) {
            return text;
        }
        StringBuilder decoded = new StringBuilder(text.length());
        ByteArrayOutputStream escaped = new ByteArrayOutputStream();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                if (i + 2 >= text.length()) {
                    throw new IllegalArgumentException("Invalid percent-encoding");
                }
                int high = Character.digit(text.charAt(i + 1), 16);
                int low = Character.digit(text.charAt(i + 2), 16);
                if (high < 0 || low < 0) {
                    throw new IllegalArgumentException("Invalid percent-encoding");
                }
                escaped.write(high * 16 + low);
                i += 2;
                continue;
            }
            flush(escaped, decoded);
            decoded.append(form && c == '+' ? ' ' : c);
        }
        flush(escaped, decoded);
        return decoded.toString();
    }

    private static void flush(ByteArrayOutputStream escaped, StringBuilder decoded) {
        if (escaped.size() > 0) {
            decoded.append(utf8(escaped.toByteArray()));
            escaped.reset();
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("Invalid UTF-8");
        }
    }
}
