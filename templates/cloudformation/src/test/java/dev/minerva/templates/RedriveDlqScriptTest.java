package dev.minerva.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/redrive-dlq against a hand-written {@code aws} on the PATH that records its arguments and answers like the AWS
 * CLI: moto has no message move tasks, so the script's calls are checked instead of their effect.
 */
class RedriveDlqScriptTest {
    private static final Path SCRIPT = Path.of("../../bin/redrive-dlq").toAbsolutePath().normalize();
    private static final String DLQ_ARN = "arn:aws:sqs:eu-west-1:111122223333:minerva-IndexerDeadLetterQueue-1";
    private static final String QUEUE_ARN = "arn:aws:sqs:eu-west-1:111122223333:minerva-IndexerQueue-1";

    @TempDir
    Path temp;

    @Test
    void itMovesTheDeadLetterQueueBackToTheIndexerQueueAtTheGivenRateAndWaitsForTheTask() throws Exception {
        Result result = run(fakeAws("3"), "minerva", "--rate", "25", "--wait", "--", "--region", "eu-west-1");
        assertThat(result.exit).as(result.output).isZero();
        assertThat(result.calls).contains(
                "--region eu-west-1 sqs start-message-move-task --source-arn " + DLQ_ARN + " --destination-arn " + QUEUE_ARN
                        + " --max-number-of-messages-per-second 25 --query TaskHandle --output text");
        assertThat(result.calls).anyMatch(c -> c.startsWith("--region eu-west-1 sqs list-message-move-tasks --source-arn " + DLQ_ARN));
        assertThat(result.output).contains("(3 messages)", "move task started: handle-1", "move task COMPLETED: 3 messages moved");
    }

    @Test
    void aDryRunAndAnEmptyQueueMoveNothing() throws Exception {
        Result dry = run(fakeAws("3"), "minerva", "--dry-run");
        assertThat(dry.exit).isZero();
        assertThat(dry.calls).noneMatch(c -> c.contains("start-message-move-task"));
        Result empty = run(fakeAws("0"), "minerva");
        assertThat(empty.exit).isZero();
        assertThat(empty.output).contains("nothing to redrive");
        assertThat(empty.calls).noneMatch(c -> c.contains("start-message-move-task"));
    }

    @Test
    void aBadRateOrAStackWithoutTheOutputsIsNamedAsSuch() throws Exception {
        Result rate = run(fakeAws("3"), "minerva", "--rate", "fast");
        assertThat(rate.exit).isEqualTo(2);
        assertThat(rate.output).contains("--rate takes a whole number of messages a second from 1 to 500, not 'fast'");
        Result other = run(fakeAws("3"), "not-minerva");
        assertThat(other.exit).isEqualTo(1);
        assertThat(other.output).contains("stack 'not-minerva' has no output DeadLetterQueueArn");
    }

    private Path fakeAws(String waiting) throws IOException {
        Path bin = Files.createDirectories(temp.resolve("bin-" + waiting));
        Path aws = bin.resolve("aws");
        Files.writeString(aws, """
                #!/usr/bin/env bash
                echo "$*" >> "%s"
                args="$*"
                case "$args" in
                  *"--stack-name minerva "*"DeadLetterQueueArn"*) echo "%s" ;;
                  *"--stack-name minerva "*"DeadLetterQueueUrl"*) echo "https://sqs.eu-west-1.amazonaws.com/111122223333/dlq" ;;
                  *"--stack-name minerva "*"IndexerQueueArn"*) echo "%s" ;;
                  *"describe-stacks"*) echo "None" ;;
                  *"get-queue-attributes"*) echo "%s" ;;
                  *"start-message-move-task"*) echo "handle-1" ;;
                  *"list-message-move-tasks"*) printf 'COMPLETED\\t3\\t3\\n' ;;
                  *) echo "unexpected aws call: $args" >&2; exit 255 ;;
                esac
                """.formatted(temp.resolve("calls.txt"), DLQ_ARN, QUEUE_ARN, waiting));
        Files.setPosixFilePermissions(aws, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin;
    }

    private Result run(Path fakeBin, String... args) throws Exception {
        Files.deleteIfExists(temp.resolve("calls.txt"));
        List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("PATH", fakeBin + ":" + System.getenv("PATH"));
        Process process = builder.start();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        Path calls = temp.resolve("calls.txt");
        return new Result(process.exitValue(), output, Files.exists(calls) ? Files.readAllLines(calls) : List.of());
    }

    private record Result(int exit, String output, List<String> calls) {}
}
