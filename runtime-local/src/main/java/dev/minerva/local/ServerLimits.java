package dev.minerva.local;

/**
 * The JDK HTTP server's own limits, set before its first use (it reads them once per process): a connection that
 * takes longer than {@link #REQUEST_SECONDS} to send its request (a slow body or slow headers) is closed, so a few
 * slow clients hold the bounded worker pool for seconds at most; an idle keep-alive connection goes after
 * {@link #IDLE_SECONDS}.
 */
final class ServerLimits {
    static final int REQUEST_SECONDS = 5;
    static final int RESPONSE_SECONDS = 60;
    static final int IDLE_SECONDS = 30;
    static final int MAX_IDLE_CONNECTIONS = 64;
    static final int MAX_REQUEST_HEADERS = 100;
    /**
     * Worker threads: requests only parse, hand over and answer (searches run on the search executor), so a worker
     * is busy for milliseconds unless its client is slow, and then for {@link #REQUEST_SECONDS} at most. Slow clients
     * fewer than this delay nobody; more of them delay a request by at most that bound (the JDK server counts the
     * wait for a worker as request time, so it may then close the waiting connection).
     */
    static final int WORKERS = 32;

    private ServerLimits() {}

    /** Sets the limits unless the process (or the user, with -D) already did. */
    static void apply() {
        setIfAbsent("sun.net.httpserver.maxReqTime", REQUEST_SECONDS);
        setIfAbsent("sun.net.httpserver.maxRspTime", RESPONSE_SECONDS);
        setIfAbsent("sun.net.httpserver.idleInterval", IDLE_SECONDS);
        setIfAbsent("sun.net.httpserver.maxIdleConnections", MAX_IDLE_CONNECTIONS);
        setIfAbsent("sun.net.httpserver.maxReqHeaders", MAX_REQUEST_HEADERS);
        setIfAbsent("sun.net.httpserver.maxReqHeaderSize", LocalRequestGuard.MAX_HEADER_BYTES);
        // The timer that enforces them: once a second is enough to cut a slow client within a second of its bound.
        setIfAbsent("sun.net.httpserver.timerMillis", 500);
    }

    private static void setIfAbsent(String key, int value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, Integer.toString(value));
        }
    }
}
