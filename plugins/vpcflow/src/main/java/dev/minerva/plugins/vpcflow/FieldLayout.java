package dev.minerva.plugins.vpcflow;

import static java.util.Objects.requireNonNull;

import java.util.List;

/** The column order of a flow-log file and where it came from, so errors can point at the header or the option. */
record FieldLayout(List<String> names, String origin) {
    FieldLayout {
        names = List.copyOf(requireNonNull(names, "names is null"));
        requireNonNull(origin, "origin is null");
    }

    static FieldLayout defaultV2() {
        return new FieldLayout(FlowLogFields.DEFAULT_V2, "in the default version 2 format (the file has no header line)");
    }
}
