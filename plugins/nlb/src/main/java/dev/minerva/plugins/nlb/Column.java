package dev.minerva.plugins.nlb;

import static java.util.Objects.requireNonNull;

/** One documented field of a line: the name AWS gives it and how its text becomes a value. */
record Column(String name, Kind kind) {
    Column {
        requireNonNull(name, "name is null");
        requireNonNull(kind, "kind is null");
    }

    /** How a field's text is read; "-" always means absent, whatever the kind. */
    enum Kind {
        /** Kept as written. */
        TEXT,
        /** A whole number, possibly negative (processing times of -1 mean "not measured"). */
        INTEGER,
        /** A decimal number, kept with every digit as written. */
        DECIMAL,
        /** {@code address:port}, split into {@code <name>_ip} and {@code <name>_port}; IPv6 with or without brackets. */
        ENDPOINT,
        /** Several values separated by spaces inside one quoted field. */
        SPACED_LIST,
        /** Quoted values separated by commas, such as {@code "h2","http/1.1"}. */
        QUOTED_LIST
    }

    static Column text(String name) {
        return new Column(name, Kind.TEXT);
    }

    static Column integer(String name) {
        return new Column(name, Kind.INTEGER);
    }

    static Column decimal(String name) {
        return new Column(name, Kind.DECIMAL);
    }

    static Column endpoint(String name) {
        return new Column(name, Kind.ENDPOINT);
    }

    static Column spacedList(String name) {
        return new Column(name, Kind.SPACED_LIST);
    }

    static Column quotedList(String name) {
        return new Column(name, Kind.QUOTED_LIST);
    }
}
