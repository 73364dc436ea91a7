package dev.minerva.lambda;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.IntSupplier;

/**
 * A Lambda context for invoking a handler outside Lambda (the cold-start probe, tests): a fixed function name and
 * request id, the remaining time the caller decides, and a logger writing to a stream of the caller's choice. Open
 * for tests that record what was logged.
 */
public class LocalContext implements Context {
    private final String functionName;
    private final IntSupplier remainingMillis;
    private final PrintStream log;

    public LocalContext(String functionName, IntSupplier remainingMillis, PrintStream log) {
        this.functionName = requireNonNull(functionName, "functionName is null");
        this.remainingMillis = requireNonNull(remainingMillis, "remainingMillis is null");
        this.log = requireNonNull(log, "log is null");
    }

    @Override
    public String getAwsRequestId() {
        return functionName + "-request";
    }

    @Override
    public String getLogGroupName() {
        return "/aws/lambda/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return functionName;
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return "arn:aws:lambda:us-east-1:000000000000:function:" + functionName;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return remainingMillis.getAsInt();
    }

    @Override
    public int getMemoryLimitInMB() {
        return 1024;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                log.print(message);
            }

            @Override
            public void log(byte[] message) {
                log.print(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
