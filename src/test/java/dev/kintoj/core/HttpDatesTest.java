package dev.kintoj.core;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** HttpDates writes what java.time's RFC 1123 pattern prints, for any timestamp. */
class HttpDatesTest {

    private static final DateTimeFormatter REFERENCE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);

    private static String reference(long epochMillis) {
        return REFERENCE.format(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
    }

    @Test
    void aKnownDate() {
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", HttpDates.format(784111777123L));
        assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDates.format(0));
        assertEquals("Wed, 31 Dec 1969 23:59:59 GMT", HttpDates.format(-1));
    }

    @Test
    void sameAsTheFormatterOverTheYears() {
        SplittableRandom random = new SplittableRandom(42);
        long lowest = Instant.parse("0001-01-01T00:00:00Z").toEpochMilli();
        long highest = Instant.parse("+12000-01-01T00:00:00Z").toEpochMilli();
        for (int i = 0; i < 200_000; i++) {
            long millis = random.nextLong(lowest, highest);
            assertEquals(reference(millis), HttpDates.format(millis), () -> "at " + millis);
        }
    }

    @Test
    void sameAsTheFormatterAtTheEdges() {
        for (String edge : new String[]{"0999-12-31T23:59:59.999Z", "1000-01-01T00:00:00Z", "2000-02-29T12:00:00Z",
                "2100-03-01T00:00:00Z", "9999-12-31T23:59:59.999Z", "+10000-01-01T00:00:00Z"}) {
            long millis = Instant.parse(edge).toEpochMilli();
            for (long delta = -1001; delta <= 1001; delta += 7) {
                assertEquals(reference(millis + delta), HttpDates.format(millis + delta), edge + " " + delta);
            }
        }
    }
}
