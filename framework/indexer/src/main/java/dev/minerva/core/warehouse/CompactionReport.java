package dev.minerva.core.warehouse;

import java.util.List;

/** What one compactor run did: files it published, files it deleted, purge requests it completed. */
public record CompactionReport(List<String> published, List<String> deleted, List<String> purged) {
    public CompactionReport {
        published = List.copyOf(published);
        deleted = List.copyOf(deleted);
        purged = List.copyOf(purged);
    }
}
