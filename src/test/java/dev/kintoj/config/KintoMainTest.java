package dev.kintoj.config;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class KintoMainTest {

    @Test
    void takesIniFromSeparateOrAttachedValue() {
        var separate = KintoMain.parse("a", "--ini", "/etc/kinto.ini", "b");
        var attached = KintoMain.parse("--ini=config/kinto.ini");

        assertEquals("/etc/kinto.ini", separate.ini());
        assertArrayEquals(new String[] {"a", "b"}, separate.rest());
        assertEquals("config/kinto.ini", attached.ini());
        assertArrayEquals(new String[0], attached.rest());
    }

    @Test
    void withoutIniPassesEverythingOn() {
        var parsed = KintoMain.parse("x", "-y");

        assertNull(parsed.ini());
        assertArrayEquals(new String[] {"x", "-y"}, parsed.rest());
    }

    @Test
    void rejectsUnknownOptionsAndMissingValue() {
        assertEquals("Unknown option: --port",
                assertThrows(IllegalArgumentException.class, () -> KintoMain.parse("--port", "1")).getMessage());
        assertEquals("Missing value for --ini",
                assertThrows(IllegalArgumentException.class, () -> KintoMain.parse("--ini")).getMessage());
        assertEquals("Missing value for --ini",
                assertThrows(IllegalArgumentException.class, () -> KintoMain.parse("--ini=")).getMessage());
    }
}
