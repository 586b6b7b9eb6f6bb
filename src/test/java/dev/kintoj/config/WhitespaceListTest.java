package dev.kintoj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class WhitespaceListTest {

    @Test
    void splitsOnAnyWhitespace() {
        assertEquals(List.of("kinto.plugins.admin", "kinto.plugins.history", "a", "b"),
                WhitespaceList.split("\n  kinto.plugins.admin\nkinto.plugins.history \t a\r\n\nb  "));
    }

    @Test
    void nullAndBlankAreEmpty() {
        assertEquals(List.of(), WhitespaceList.split(null));
        assertEquals(List.of(), WhitespaceList.split(" \n\t "));
    }
}
