package dev.kintoj.events.feed;

import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.kintoj.events.feed.FeedPosition.WINDOW_MILLIS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The ids of a bucket's feed: a floor trailing the newest timestamp by the window, the lists given something above
 * it, at most {@link FeedPosition#MAX_LISTS} of them; parsed back as written, and refused when malformed.
 */
class FeedPositionTest {

    private static final long T = 1_700_000_000_000L;

    @Test
    void theFloorTrailsTheNewestTimestampAndListsAboveItAreNamed() {
        FeedPosition position = FeedPosition.none();
        position.advance("c1", T);
        assertEquals((T - WINDOW_MILLIS) + "~c1:" + T, position.id());
        position.advance(FeedPosition.GROUPS, T + 5);
        position.advance("c2", T - 10);
        assertEquals((T + 5 - WINDOW_MILLIS) + "~_g:" + (T + 5) + "~c1:" + T + "~c2:" + (T - 10), position.id());
        // Later than the window: the older lists are at or below the floor, resumed from it.
        position.advance("c1", T + WINDOW_MILLIS + 10);
        assertEquals((T + 10) + "~c1:" + (T + WINDOW_MILLIS + 10), position.id());
        assertEquals(T + 10, position.of("c2"));
    }

    @Test
    void pastTheMaximumTheOldestListLeavesAndTheFloorRisesToIt() {
        FeedPosition position = FeedPosition.none();
        for (int i = 0; i <= FeedPosition.MAX_LISTS; i++) {
            position.advance("c" + i, T + i);
        }
        FeedPosition parsed = FeedPosition.parse(position.id());
        assertEquals(T, parsed.of("c0"));
        assertEquals(T, parsed.of("elsewhere"));
        assertEquals(T + 1, parsed.of("c1"));
        assertEquals(T + FeedPosition.MAX_LISTS, parsed.of("c" + FeedPosition.MAX_LISTS));
        assertEquals(position.id(), parsed.id());
    }

    @Test
    void anIdIsParsedAsGivenAndMalformedOnesAreRefused() {
        FeedPosition plain = FeedPosition.parse("1234");
        assertEquals(1234, plain.of("c1"));
        assertEquals("1234", plain.id());
        FeedPosition given = FeedPosition.parse("100~c1:250~_g:120~c1:200~c2:90");
        assertEquals(250, given.of("c1"));
        assertEquals(120, given.of(FeedPosition.GROUPS));
        assertEquals(100, given.of("c2"), "at or below the floor: from the floor");
        assertEquals("100~_g:120~c1:250", given.id());
        for (String bad : List.of("", "-1", "x", "12~", "~c1:3", "12~c1", "12~c1:", "12~:5", "12~c1:-5", "12~c/1:5",
                "12~c1:5:6", "99999999999999999999", "12~c1:" + "9".repeat(20), "12" + "~c:13".repeat(FeedPosition.MAX_LISTS + 1))) {
            assertNull(FeedPosition.parse(bad), bad);
        }
    }
}
