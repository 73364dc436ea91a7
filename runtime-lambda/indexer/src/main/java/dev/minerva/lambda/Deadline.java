package dev.minerva.lambda;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.Context;

/** The point in an invocation after which no new work starts: the remaining time has fallen below the margin. */
final class Deadline {
    private final Context context;
    private final long marginMillis;

    private Deadline(Context context, long marginMillis) {
        this.context = context;
        this.marginMillis = marginMillis;
    }

    static Deadline start(Context context, TimeMargin margin) {
        requireNonNull(context, "context is null");
        return new Deadline(context, margin.millis(context.getRemainingTimeInMillis()));
    }

    /** True when new work should not start any more. */
    boolean near() {
        return context.getRemainingTimeInMillis() < marginMillis;
    }

    long marginMillis() {
        return marginMillis;
    }
}
