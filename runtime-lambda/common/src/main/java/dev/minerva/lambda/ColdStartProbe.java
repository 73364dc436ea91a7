package dev.minerva.lambda;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.Context;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * Measures one handler's cold start in a fresh JVM, for the benchmark harness:
 * {@code java -cp minerva-lambda-indexer.jar dev.minerva.lambda.ColdStartProbe IndexerHandler|CompactorHandler}, or
 * {@code java -cp minerva-lambda-search.jar dev.minerva.lambda.ColdStartProbe SearchHandler}.
 *
 * <p>It loads the handler class and calls its public no-arg constructor, as the Lambda runtime does in the init phase,
 * so the configuration comes from the process environment (the variables the CloudFormation template sets). As soon
 * as the constructor returns it prints {@code COLDSTART_READY handler=NAME}. It then invokes the handler once with an
 * event that needs no AWS service (an empty SQS batch for the indexer; {@code GET /api/v1/search}, which the search
 * API answers 405, for the search handler; none for the compactor, whose every run lists the warehouse), and last
 * loads the management beans (which costs tens of milliseconds, so only after the timed steps) to print
 * {@code COLDSTART_RESULT handler=NAME jvmStartEpochMillis=… readyEpochMillis=… readyUptimeMillis=… constructMillis=…
 * firstInvocationMillis=…}: the JVM's own view of when it started and how long it had been up when the handler was
 * ready; {@code firstInvocationMillis} is -1 when the handler was not invoked. Exit status 0, or 1 with the error
 * on standard error when the handler could not be built.
 */
public final class ColdStartProbe {
    /** The handlers the probe can build, by simple class name. */
    public static final List<String> HANDLERS = List.of("IndexerHandler", "CompactorHandler", "SearchHandler");

    /** The JVM's view of one handler's start; {@code firstInvocationMillis} is -1 when it was not invoked. */
    public record Result(String handler, long jvmStartEpochMillis, long readyEpochMillis, long constructMillis,
            long firstInvocationMillis) {
        public Result {
            requireNonNull(handler, "handler is null");
        }

        /** Milliseconds from the JVM's start (as its runtime bean reports it) to the handler being ready. */
        public long readyUptimeMillis() {
            return readyEpochMillis - jvmStartEpochMillis;
        }

        /** The line the harness parses. */
        public String line() {
            return String.format(Locale.ROOT, "COLDSTART_RESULT handler=%s jvmStartEpochMillis=%d readyEpochMillis=%d "
                    + "readyUptimeMillis=%d constructMillis=%d firstInvocationMillis=%d", handler, jvmStartEpochMillis,
                    readyEpochMillis, readyUptimeMillis(), constructMillis, firstInvocationMillis);
        }
    }

    private ColdStartProbe() {}

    public static void main(String[] args) {
        if (args.length != 1 || !HANDLERS.contains(args[0])) {
            System.err.println("Usage: ColdStartProbe " + String.join("|", HANDLERS));
            System.exit(2);
        }
        String handler = args[0];
        try {
            probe(handler, () -> Class.forName(ColdStartProbe.class.getPackageName() + "." + handler)
                    .getConstructor().newInstance(), System.out);
        } catch (Exception e) {
            System.err.println("COLDSTART_FAILED handler=" + handler + " " + e);
            e.printStackTrace();
            System.exit(1);
        }
        // The SDK's clients may hold non-daemon threads; the measurement is over.
        System.exit(0);
    }

    /**
     * Builds a handler with {@code construct}, prints the ready line, invokes it once where a harmless event exists,
     * then prints and returns the result line. Tests pass a constructor with an explicit environment.
     */
    public static Result probe(String handler, Callable<Object> construct, PrintStream out) throws Exception {
        long started = System.nanoTime();
        Object instance = construct.call();
        long readyEpochMillis = System.currentTimeMillis();
        long constructMillis = (System.nanoTime() - started) / 1_000_000;
        out.println("COLDSTART_READY handler=" + handler);
        out.flush();

        long invoked = System.nanoTime();
        boolean invokedOnce = invokeOnce(instance);
        long firstInvocationMillis = invokedOnce ? (System.nanoTime() - invoked) / 1_000_000 : -1;

        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        Result result = new Result(handler, jvmStart, readyEpochMillis, constructMillis, firstInvocationMillis);
        out.println(result.line());
        out.flush();
        return result;
    }

    /** A handler that has an event reaching no AWS service, so the probe can time its first invocation. */
    public interface Invocable {
        /** Handles one such event. */
        void invokeForProbe(Context context) throws Exception;
    }

    /** Invokes the handler once where it offers a harmless event; false when it has none. */
    private static boolean invokeOnce(Object handler) throws Exception {
        if (handler instanceof Invocable invocable) {
            invocable.invokeForProbe(probeContext());
            return true;
        }
        return false;
    }

    /** A context for the probe's single invocation: plenty of time left, log lines to standard error. */
    private static Context probeContext() {
        return new LocalContext("minerva-coldstart-probe", () -> 900_000, System.err);
    }
}
