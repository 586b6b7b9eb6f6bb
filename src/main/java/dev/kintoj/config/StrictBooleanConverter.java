package dev.kintoj.config;

import java.util.Locale;
import org.eclipse.microprofile.config.spi.Converter;

/** Kinto's boolean spellings; anything else fails startup instead of silently meaning false. */
public final class StrictBooleanConverter implements Converter<Boolean> {

    @Override
    public Boolean convert(String value) {
        if (value == null) {
            throw new NullPointerException("value");
        }
        switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1":
                return Boolean.TRUE;
            case "false", "no", "off", "0":
                return Boolean.FALSE;
            case "":
                // MicroProfile Config convention: an empty value converts to "no value".
                return null;
            default:
                throw new IllegalArgumentException("Invalid boolean value '" + value
                        + "': expected true/false, yes/no, on/off or 1/0");
        }
    }
}
