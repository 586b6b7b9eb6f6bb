package dev.kintoj.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class StrictBooleanConverterTest {

    private final StrictBooleanConverter converter = new StrictBooleanConverter();

    @ParameterizedTest
    @ValueSource(strings = {"true", "TRUE", "True", "yes", "YES", "on", "On", "1", "  true  ", "\tyes\n"})
    void acceptsTrueSpellings(String value) {
        assertEquals(Boolean.TRUE, converter.convert(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"false", "FALSE", "False", "no", "NO", "off", "Off", "0", " off "})
    void acceptsFalseSpellings(String value) {
        assertEquals(Boolean.FALSE, converter.convert(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"xyz", "2", "truee", "y", "n", "enabled", "-1"})
    void rejectsOtherValues(String value) {
        var e = assertThrows(IllegalArgumentException.class, () -> converter.convert(value));

        assertEquals("Invalid boolean value '" + value + "': expected true/false, yes/no, on/off or 1/0",
                e.getMessage());
    }

    @Test
    void emptyMeansNoValue() {
        assertNull(converter.convert("  "));
    }
}
