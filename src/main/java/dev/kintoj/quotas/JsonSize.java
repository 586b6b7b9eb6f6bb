package dev.kintoj.quotas;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Iterator;
import java.util.Map;

/**
 * The size Kinto's quotas give an object: the length of Python's {@code json.dumps(obj, sort_keys=True,
 * separators=(",", ":"))}. That output is ASCII ({@code ensure_ascii}: every other UTF-16 unit is a {@code \}{@code uXXXX}
 * escape), numbers are Python's (floats in their {@code repr}), so the sizes, and the limits they are compared
 * with, are those of a Kinto server holding the same objects.
 */
public final class JsonSize {

    private JsonSize() {
    }

    public static long of(JsonNode value) {
        if (value == null) {
            return 0;
        }
        return switch (value.getNodeType()) {
            case OBJECT -> object(value);
            case ARRAY -> {
                long size = 2 + Math.max(0, value.size() - 1);
                for (JsonNode item : value) {
                    size += of(item);
                }
                yield size;
            }
            case STRING -> string(value.textValue());
            case BOOLEAN -> value.booleanValue() ? 4 : 5;
            case NUMBER -> value.isIntegralNumber() ? value.bigIntegerValue().toString().length()
                    : pythonFloat(value.doubleValue()).length();
            default -> 4; // null (and what JSON cannot hold)
        };
    }

    private static long object(JsonNode value) {
        // sort_keys changes only the order, not the length: no sorting needed.
        long size = 2 + Math.max(0, value.size() - 1);
        for (Iterator<Map.Entry<String, JsonNode>> fields = value.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> field = fields.next();
            size += string(field.getKey()) + 1 + of(field.getValue());
        }
        return size;
    }

    /** A quoted string as {@code ensure_ascii} writes it. */
    static long string(String text) {
        long size = 2;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
                size += 2;
            } else if (c >= 0x20 && c <= 0x7e) {
                size += 1;
            } else {
                size += 6;
            }
        }
        return size;
    }

    /**
     * Python's {@code repr} of a float: the shortest digits that read back as the same double, in positional
     * notation (with at least one decimal) when the decimal exponent is between -4 and 16, else as {@code 1e+16}.
     */
    static String pythonFloat(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Infinity" : "-Infinity";
        }
        String sign = (value < 0 || (value == 0 && 1 / value < 0)) ? "-" : "";
        if (value == 0) {
            return sign + "0.0";
        }
        BigDecimal exact = new BigDecimal(Math.abs(value));
        BigDecimal shortest = exact;
        for (int digits = 1; digits <= 17; digits++) {
            BigDecimal rounded = exact.round(new MathContext(digits, RoundingMode.HALF_EVEN));
            if (rounded.doubleValue() == Math.abs(value)) {
                shortest = rounded;
                break;
            }
        }
        shortest = shortest.stripTrailingZeros();
        String digits = shortest.unscaledValue().toString();
        // value = 0.<digits> x 10^point
        int point = digits.length() - shortest.scale();
        if (point > -4 && point <= 16) {
            if (point <= 0) {
                return sign + "0." + "0".repeat(-point) + digits;
            }
            if (point >= digits.length()) {
                return sign + digits + "0".repeat(point - digits.length()) + ".0";
            }
            return sign + digits.substring(0, point) + "." + digits.substring(point);
        }
        int exponent = point - 1;
        String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
        String exp = String.valueOf(Math.abs(exponent));
        return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + (exp.length() < 2 ? "0" + exp : exp);
    }
}
