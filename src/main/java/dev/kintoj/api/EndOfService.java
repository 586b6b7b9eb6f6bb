package dev.kintoj.api;

import dev.kintoj.config.KintoSettings;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The {@code eos} settings: a soft end-of-life Alert before the date, 410 Gone from it on (api.md §15). */
final class EndOfService {

    private final LocalDateTime date;
    private final String alertTemplate;

    EndOfService(KintoSettings settings) {
        this.date = settings.eos().map(EndOfService::parse).orElse(null);
        String url = settings.eosUrl().orElse(settings.projectDocs());
        String message = settings.eosMessage().map(EndOfService::quote).orElse("null");
        this.alertTemplate = "{\"code\":\"%s\",\"message\":" + message + ",\"url\":" + quote(url) + "}";
    }

    Optional<String> alert(boolean gone) {
        return date == null ? Optional.empty() : Optional.of(alertTemplate.formatted(gone ? "hard-eol" : "soft-eol"));
    }

    boolean isGone() {
        return date != null && !date.isAfter(LocalDateTime.now());
    }

    private static LocalDateTime parse(String value) {
        String v = value.trim();
        try {
            return LocalDate.parse(v).atStartOfDay();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(v);
            } catch (DateTimeParseException e2) {
                try {
                    return OffsetDateTime.parse(v).toLocalDateTime();
                } catch (DateTimeParseException e3) {
                    throw new IllegalArgumentException("Setting eos: '" + value + "' is not a date (expected e.g. 2099-01-01)");
                }
            }
        }
    }

    private static String quote(String text) {
        return dev.kintoj.core.Json.write(com.fasterxml.jackson.databind.node.TextNode.valueOf(text));
    }
}
