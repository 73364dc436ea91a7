package dev.minerva.lambda;

import java.util.function.IntSupplier;

/** A Lambda context whose remaining time the test decides. */
final class FakeContext extends LocalContext {
    FakeContext(IntSupplier remainingMillis) {
        super("minerva-test", remainingMillis, System.out);
    }

    /** A context with this much time left, whatever happens. */
    static FakeContext withRemaining(int millis) {
        return new FakeContext(() -> millis);
    }
}
