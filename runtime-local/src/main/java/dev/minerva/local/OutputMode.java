package dev.minerva.local;

/** How a command prints its results. */
enum OutputMode {
    table,
    json
}
