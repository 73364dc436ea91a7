package dev.minerva.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs conformance tests through the JUnit launcher to see what a build would report: an opt-out that holds is a
 * skip with its reason, and an opt-out that is not true is a failure that says so.
 */
class OptOutTest {
    @Test
    void aTrueOptOutIsReportedAsSkippedWithItsReason() {
        Map<String, TestExecutionResult> results = run(EpochDocumentConformanceTest.class);

        TestExecutionResult overlong = results.get("overlongAndBinaryLinesAreRejectedAndTheRestParses()");
        assertThat(overlong.getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
        assertThat(overlong.getThrowable().orElseThrow().getMessage()).isEqualTo("'kit-epoch-document' lacks READS_LINES"
                + " (reads its entries line by line), as EpochDocumentConformanceTest.hasBehavior declares; checked that"
                + " it really does not");
        assertThat(results).as("every other test of the kit").allSatisfy((name, result) -> {
            if (!name.equals("overlongAndBinaryLinesAreRejectedAndTheRestParses()")) {
                assertThat(result.getStatus()).as(name).isEqualTo(TestExecutionResult.Status.SUCCESSFUL);
            }
        });
        assertThat(run(RawTextConformanceTest.class).get("malformedEntryIsRejectedWithItsPositionWhileTheRestParses()")
                .getStatus()).isEqualTo(TestExecutionResult.Status.ABORTED);
    }

    @Test
    void aFormatWithEveryBehaviourSkipsNothing() {
        assertThat(run(EpochLinesConformanceTest.class)).isNotEmpty().allSatisfy((name, result) ->
                assertThat(result.getStatus()).as(name).isEqualTo(TestExecutionResult.Status.SUCCESSFUL));
    }

    @Test
    void claimingNoLineFramingFailsForAFormatThatReadsLines() {
        TestExecutionResult result = run(LinesClaimingNoLineFraming.class)
                .get("overlongAndBinaryLinesAreRejectedAndTheRestParses()");

        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(result.getThrowable().orElseThrow()).isInstanceOf(AssertionError.class)
                .hasMessageContaining("LinesClaimingNoLineFraming declares that 'kit-epoch-lines' lacks READS_LINES")
                .hasMessageContaining("but it read one-bad-line.log through LogInput.lines()")
                .hasMessageContaining("remove the opt-out from hasBehavior");
    }

    @Test
    void claimingToRejectNothingFailsForAFormatThatRejects() {
        TestExecutionResult result = run(LinesClaimingToRejectNothing.class)
                .get("malformedEntryIsRejectedWithItsPositionWhileTheRestParses()");

        assertThat(result.getStatus()).isEqualTo(TestExecutionResult.Status.FAILED);
        assertThat(result.getThrowable().orElseThrow())
                .hasMessageContaining("declares that 'kit-epoch-lines' lacks REJECTS_MALFORMED_ENTRIES")
                .hasMessageContaining("but it rejected entries of one-bad-line.log");
    }

    /** Runs one test class and returns each test's result by its display name. */
    private static Map<String, TestExecutionResult> run(Class<?> testClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass))
                .build();
        Map<String, TestExecutionResult> results = new LinkedHashMap<>();
        LauncherFactory.create().execute(request, new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier test, TestExecutionResult result) {
                if (test.isTest() || test.getDisplayName().endsWith("()")) {
                    results.putIfAbsent(test.getDisplayName(), result);
                }
            }
        });
        return results;
    }

    /** A line format whose test wrongly declares that it does not read lines. */
    static class LinesClaimingNoLineFraming extends EpochLinesConformanceTest {
        @Override
        protected boolean hasBehavior(FormatBehavior behavior) {
            return behavior != FormatBehavior.READS_LINES;
        }
    }

    /** A format that rejects malformed lines, whose test wrongly declares that it rejects nothing. */
    static class LinesClaimingToRejectNothing extends EpochLinesConformanceTest {
        @Override
        protected boolean hasBehavior(FormatBehavior behavior) {
            return behavior != FormatBehavior.REJECTS_MALFORMED_ENTRIES;
        }
    }
}
