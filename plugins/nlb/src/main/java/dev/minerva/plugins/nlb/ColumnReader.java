package dev.minerva.plugins.nlb;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Turns the fields of one line into named values, following a documented column list. */
final class ColumnReader {
    /** Where fields beyond the documented list go, so a field AWS adds later is kept and searchable. */
    static final String ADDITIONAL_FIELDS = "additional_fields";

    private static final String ABSENT = "-";
    private static final Pattern INTEGER = Pattern.compile("-?[0-9]{1,18}");
    private static final Pattern DECIMAL = Pattern.compile("-?[0-9]{1,30}(\\.[0-9]{1,30})?");

    private ColumnReader() {
    }

    /**
     * Puts the value of every present field into {@code fields}; returns why the line is unusable when a field is
     * not what its column needs.
     */
    static Optional<String> read(List<QuotedTokens.Token> tokens, List<Column> columns, Map<String, Object> fields) {
        int known = Math.min(tokens.size(), columns.size());
        for (int i = 0; i < known; i++) {
            Column column = columns.get(i);
            String value = tokens.get(i).value();
            if (value.equals(ABSENT) || value.isEmpty()) {
                continue;
            }
            switch (column.kind()) {
                case TEXT -> fields.put(column.name(), value);
                case INTEGER -> {
                    if (!INTEGER.matcher(value).matches()) {
                        return Optional.of(problem(column, i, "a whole number or '-'", value));
                    }
                    fields.put(column.name(), Long.parseLong(value));
                }
                case DECIMAL -> {
                    if (!DECIMAL.matcher(value).matches()) {
                        return Optional.of(problem(column, i, "a decimal number or '-'", value));
                    }
                    fields.put(column.name(), new BigDecimal(value));
                }
                case ENDPOINT -> {
                    Optional<String> failure = putEndpoint(column, i, value, fields);
                    if (failure.isPresent()) {
                        return failure;
                    }
                }
                case SPACED_LIST -> fields.put(column.name(), List.of(value.trim().split("\\s+")));
                case QUOTED_LIST -> fields.put(column.name(), quotedList(value));
            }
        }
        if (tokens.size() > columns.size()) {
            List<String> extra = new ArrayList<>(tokens.size() - columns.size());
            for (int i = columns.size(); i < tokens.size(); i++) {
                extra.add(tokens.get(i).value());
            }
            fields.put(ADDITIONAL_FIELDS, Collections.unmodifiableList(extra));
        }
        return Optional.empty();
    }

    private static Optional<String> putEndpoint(Column column, int index, String value, Map<String, Object> fields) {
        String address;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf("]:");
            if (close < 0) {
                return Optional.of(problem(column, index, "[address]:port or '-'", value));
            }
            address = value.substring(1, close);
            port = value.substring(close + 2);
        } else {
            // The port follows the last colon; AWS writes IPv6 clients without brackets ("2001:db8::1:443").
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                return Optional.of(problem(column, index, "address:port or '-'", value));
            }
            address = value.substring(0, colon);
            port = value.substring(colon + 1);
        }
        if (!INTEGER.matcher(port).matches() || port.startsWith("-")) {
            return Optional.of(problem(column, index, "address:port with a numeric port, or '-'", value));
        }
        String base = column.name();
        fields.put(base + "_ip", address);
        fields.put(base + "_port", Long.parseLong(port));
        return Optional.empty();
    }

    private static List<String> quotedList(String raw) {
        List<String> values = new ArrayList<>();
        for (String part : raw.split(",")) {
            String trimmed = part.trim();
            if (trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"")) {
                trimmed = trimmed.substring(1, trimmed.length() - 1);
            }
            if (!trimmed.isEmpty()) {
                values.add(trimmed);
            }
        }
        return Collections.unmodifiableList(values);
    }

    private static String problem(Column column, int index, String expected, String found) {
        return "field '" + column.name() + "' (column " + (index + 1) + ") should be " + expected + ", found '" + found + "'";
    }
}
