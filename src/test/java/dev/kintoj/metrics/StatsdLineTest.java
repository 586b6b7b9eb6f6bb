package dev.kintoj.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The parts of a StatsD line that the plugin test cannot pin down with a real request: values and label sanitizing. */
class StatsdLineTest {

    @Test
    void timersAreMillisecondsWithThreeDecimalsNeverInExponentNotation() {
        assertEquals("1.234", StatsdRegistry.millis(1_234_567));
        assertEquals("0.045", StatsdRegistry.millis(45_000));
        assertEquals("0.000", StatsdRegistry.millis(500));
        assertEquals("12000.007", StatsdRegistry.millis(12_000_007_000L));
    }

    @Test
    void countsAreIntegersWhenWhole() {
        assertEquals("3", StatsdRegistry.number(3.0));
        assertEquals("2.5", StatsdRegistry.number(2.5));
    }

    @Test
    void labelValuesLoseTheCharactersOfTheLineFormat() {
        assertEquals("abcdef", StatsdRegistry.sanitize("a:b|c@d#e\nf"));
        assertEquals("record-object", StatsdRegistry.sanitize("record-object"));
    }

    @Test
    void statsdUrlMustBeUdpHostPort() {
        assertEquals(8125, StatsdSender.agent("udp://127.0.0.1:8125").getPort());
        for (String url : new String[] {"tcp://localhost:8125", "udp://localhost", "localhost:8125", "udp://:8125"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StatsdSender.agent(url));
            assertEquals("Setting statsd_url: " + url + " is not udp://host:port", e.getMessage());
        }
    }
}
