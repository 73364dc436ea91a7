package dev.minerva.core.api;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.minerva.core.CoreErrorCode;
import dev.minerva.spi.MinervaException;
import net.thisptr.jackson.jq.BuiltinFunctionLoader;
import net.thisptr.jackson.jq.JsonQuery;
import net.thisptr.jackson.jq.Scope;
import net.thisptr.jackson.jq.Version;
import net.thisptr.jackson.jq.Versions;
import net.thisptr.jackson.jq.exception.JsonQueryException;

/**
 * The original API's {@code /logs?query=} filter: a jq program run on each record, which keeps the record when its
 * first output is truthy (neither {@code false} nor {@code null}), so {@code .srcaddr} keeps records that have one.
 * jq 1.6 semantics, by jackson-jq; {@code env} is replaced by an empty object, as the function's environment holds
 * its credentials.
 */
final class JqFilter {
    private static final Version VERSION = Versions.JQ_1_6;
    private static final Scope BUILTINS = builtins();

    private final String text;
    private final JsonQuery query;

    private JqFilter(String text, JsonQuery query) {
        this.text = text;
        this.query = query;
    }

    /** Compiles a filter; a syntax error, or an unknown function, is USER_INPUT with jq's message. */
    static JqFilter compile(String text) {
        requireNonNull(text, "text is null");
        try {
            return new JqFilter(text, JsonQuery.compile(text, VERSION));
        } catch (JsonQueryException | RuntimeException e) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "query '" + text + "' is not a jq filter: " + e.getMessage()
                    + "; a filter such as .srcaddr or select(.eventName == \"ConsoleLogin\") keeps the records for "
                    + "which it yields a value other than false or null");
        }
    }

    /** The outcome of running the filter on one record. */
    enum Outcome {
        KEPT,
        DROPPED,
        /** The filter raised an error on this record (such as indexing a string); the record is dropped. */
        FAILED
    }

    /** Runs the filter on a record until its first output. */
    Outcome apply(JsonNode record) {
        boolean[] kept = new boolean[1];
        try {
            Scope scope = Scope.newChildScope(BUILTINS);
            query.apply(scope, record, value -> {
                kept[0] = !(value.isNull() || value.isBoolean() && !value.booleanValue());
                throw new FirstOutput();
            });
        } catch (FirstOutput e) {
            return kept[0] ? Outcome.KEPT : Outcome.DROPPED;
        } catch (JsonQueryException | RuntimeException | StackOverflowError e) {
            return Outcome.FAILED;
        }
        // No output at all (empty, or select(false)).
        return Outcome.DROPPED;
    }

    @Override
    public String toString() {
        return text;
    }

    private static Scope builtins() {
        Scope root = Scope.newEmptyScope();
        BuiltinFunctionLoader.getInstance().loadFunctions(VERSION, root);
        root.addFunction("env", 0, (scope, args, in, path, output, version) ->
                output.emit(JsonNodeFactory.instance.objectNode(), null));
        return root;
    }

    /**
     * Stops the program at its first output: one is all a filter needs. Unchecked, so that jq's own error handling
     * ({@code try}, {@code //}, {@code ?}), which catches jq errors, lets it through.
     */
    private static final class FirstOutput extends RuntimeException {
        private static final long serialVersionUID = 1L;

        FirstOutput() {
            super("first output", null, false, false);
        }
    }
}
