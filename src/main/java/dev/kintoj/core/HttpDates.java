package dev.kintoj.core;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * RFC 1123 dates in GMT, truncated to the second, as in {@code Last-Modified} and {@code Expires}.
 *
 * <p>Written out rather than printed by a {@link DateTimeFormatter}: every object response carries one, and the
 * formatter's chain of printers was 2 % of a record GET's CPU in the native binary. Years outside 1000–9999,
 * which the formatter prints its own way, still go through it.
 */
public final class HttpDates {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH);
    private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    private static final String[] MONTHS =
            {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

    private HttpDates() {
    }

    public static String format(long epochMillis) {
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000L), 0, ZoneOffset.UTC);
        int year = time.getYear();
        if (year < 1000 || year > 9999) {
            return FORMAT.format(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
        }
        StringBuilder date = new StringBuilder(29).append(DAYS[time.getDayOfWeek().ordinal()]).append(", ");
        twoDigits(date, time.getDayOfMonth()).append(' ').append(MONTHS[time.getMonthValue() - 1]).append(' ')
                .append(year).append(' ');
        twoDigits(date, time.getHour()).append(':');
        twoDigits(date, time.getMinute()).append(':');
        return twoDigits(date, time.getSecond()).append(" GMT").toString();
    }

    private static StringBuilder twoDigits(StringBuilder into, int value) {
        return into.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
