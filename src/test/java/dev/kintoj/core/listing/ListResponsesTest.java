package dev.kintoj.core.listing;

import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The {@code Next-Page} URL's encoding of query values: Python's {@code quote_plus}, as Kinto writes it. */
class ListResponsesTest {

    @Test
    void valuesAreEncodedAsPythonsQuotePlus() {
        assertEquals("a%2Ab~%21_.-+%2F%3D%2B%26%25%C3%A9%F0%9F%98%80",
                ListResponses.encode("a*b~!_.- /=+&%\u00e9\ud83d\ude00"));
    }

    @Test
    void plainValuesAreKeptAndOthersEncodedLikeTheJdkWithPythonsExceptions() {
        String plain = "eyJsYXN0X29iamVjdCI6_abc-~.09";
        assertSame(plain, ListResponses.encode(plain));
        Random random = new Random(7);
        String alphabet = "aZ09_.-~ *+/=&%?#\u00e9\u4e2d\ud83d\ude00\u0000\u007f";
        for (int n = 0; n < 2_000; n++) {
            StringBuilder value = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                int at = random.nextInt(alphabet.length());
                value.append(Character.isHighSurrogate(alphabet.charAt(at)) ? alphabet.substring(at, at + 2)
                        : Character.isLowSurrogate(alphabet.charAt(at)) ? "x" : String.valueOf(alphabet.charAt(at)));
            }
            String expected = URLEncoder.encode(value.toString(), StandardCharsets.UTF_8)
                    .replace("*", "%2A").replace("%7E", "~");
            assertEquals(expected, ListResponses.encode(value.toString()), value.toString());
        }
    }
}
