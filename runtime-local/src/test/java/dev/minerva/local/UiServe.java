package dev.minerva.local;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code minerva serve} running in process on a free port, for the UI tests; closing it interrupts and joins it. */
final class UiServe implements AutoCloseable {
    private static final Pattern WEB_UI = Pattern.compile("Web UI: (http://127\\.0\\.0\\.1:\\d+/)");

    private final Thread thread;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final AtomicInteger status = new AtomicInteger(-1);
    private final URI uri;

    private UiServe(String... serveArgs) throws InterruptedException {
        String[] args = new String[serveArgs.length + 3];
        args[0] = "serve";
        args[1] = "--port";
        args[2] = "0";
        System.arraycopy(serveArgs, 0, args, 3, serveArgs.length);
        thread = new Thread(() -> status.set(MinervaCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true))),
                "ui-serve-under-test");
        thread.setDaemon(true);
        thread.start();
        uri = awaitStarted();
    }

    /** Starts {@code minerva serve --port 0 ARGS…} and waits until it says where the UI is. */
    static UiServe start(String... serveArgs) throws InterruptedException {
        return new UiServe(serveArgs);
    }

    /** The UI's address, {@code http://127.0.0.1:PORT/}. */
    URI uri() {
        return uri;
    }

    String out() {
        return out.toString();
    }

    private URI awaitStarted() throws InterruptedException {
        for (int i = 0; i < 600; i++) {
            Matcher matcher = WEB_UI.matcher(out.toString());
            if (matcher.find()) {
                return URI.create(matcher.group(1));
            }
            if (!thread.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("serve did not start (status " + status.get() + "); out: " + out + " err: " + err);
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(10_000);
        if (thread.isAlive() || status.get() != 0) {
            throw new AssertionError("serve did not stop cleanly (status " + status.get() + "); err: " + err);
        }
    }
}
