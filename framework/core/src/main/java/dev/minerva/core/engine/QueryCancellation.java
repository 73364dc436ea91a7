package dev.minerva.core.engine;

import java.util.concurrent.CancellationException;

/**
 * Lets one thread stop the statement another thread is running: the engine registers how to interrupt its current
 * statement, {@link #cancel()} runs that action, now or as soon as a statement registers one.
 */
public final class QueryCancellation {
    private Runnable interrupt = () -> { };
    private boolean cancelled;

    /** Registers how to interrupt the statement about to run; throws if cancellation was already requested. */
    public synchronized void onCancel(Runnable action) {
        throwIfCancelled();
        interrupt = action;
    }

    /** Forgets the interrupt action of a finished statement. */
    public synchronized void clear() {
        interrupt = () -> { };
    }

    public synchronized void cancel() {
        if (cancelled) {
            return;
        }
        cancelled = true;
        interrupt.run();
    }

    public synchronized boolean isCancelled() {
        return cancelled;
    }

    public synchronized void throwIfCancelled() {
        if (cancelled) {
            throw new CancellationException("Query cancelled");
        }
    }
}
