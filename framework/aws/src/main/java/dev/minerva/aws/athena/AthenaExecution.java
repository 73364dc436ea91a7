package dev.minerva.aws.athena;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.engine.EngineStats;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * A snapshot of one Athena query execution.
 *
 * @param reason Athena's state change reason (why it FAILED or was CANCELLED); empty text otherwise
 * @param completed when it ended; equal to {@code submitted} while it runs
 * @param stats bytes scanned ({@code Statistics.DataScannedInBytes}) and engine time; Athena reports no file or row
 *     group counts, so those are zero
 * @param parameters the ExecutionParameters as Athena recorded them
 */
public record AthenaExecution(String id, AthenaState state, String reason, Instant submitted, Instant completed,
        EngineStats stats, String query, List<String> parameters) {
    public AthenaExecution {
        requireNonNull(id, "id is null");
        requireNonNull(state, "state is null");
        requireNonNull(reason, "reason is null");
        requireNonNull(submitted, "submitted is null");
        requireNonNull(completed, "completed is null");
        requireNonNull(stats, "stats is null");
        requireNonNull(query, "query is null");
        parameters = List.copyOf(requireNonNull(parameters, "parameters is null"));
    }

    /** When it ended, or empty while it runs. */
    public Optional<Instant> end() {
        return state.isDone() ? Optional.of(completed) : Optional.empty();
    }
}
