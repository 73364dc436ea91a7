package dev.minerva.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minerva serve} against hostile requests, over real sockets: rebinding, cross-site writes, slow clients. */
class ServeHostileRequestsTest {
    private static final Pattern SERVING = Pattern.compile("Serving the search API on http://127\\.0\\.0\\.1:(\\d+)/");
    private static final String SEARCH = "{\"query\":[{\"term\":\"192.0.2.1\"}],\"start_dt\":\"2010-01-01T00:00:00\",\"end_dt\":\"2030-01-01T00:00:00\"}";

    @TempDir
    static Path temp;

    private static Thread serving;
    private static int port;

    @BeforeAll
    static void serve() throws Exception {
        Path logs = temp.resolve("logs");
        Files.createDirectories(logs);
        Files.writeString(logs.resolve("a.jsonl"), "{\"time\":\"2024-05-06T07:08:09Z\",\"ip\":\"192.0.2.1\"}\n");
        String warehouse = temp.resolve("wh").toString();
        CliRun index = CliRun.of("index", "--warehouse", warehouse, "--format", "syslog-json", logs.toString());
        assertThat(index.status()).as(index.err()).isZero();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        serving = new Thread(() -> MinervaCli.run(new String[] {"serve", "--warehouse", warehouse, "--port", "0",
                "--allow-host", "minerva.internal"}, new PrintWriter(out, true), new PrintWriter(err, true)), "serve-hostile");
        serving.start();
        for (int i = 0; i < 300 && port == 0; i++) {
            Matcher matcher = SERVING.matcher(out.toString());
            if (matcher.find()) {
                port = Integer.parseInt(matcher.group(1));
            } else {
                Thread.sleep(50);
            }
        }
        assertThat(port).as("serve started; err: %s", err).isPositive();
    }

    @AfterAll
    static void stop() throws InterruptedException {
        serving.interrupt();
        serving.join(10_000);
    }

    /** Sends {@code request} as written and returns the whole response (the server closes or it has arrived). */
    private static String raw(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return readResponse(socket.getInputStream());
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            int headersEnd = text.indexOf("\r\n\r\n");
            Matcher length = Pattern.compile("(?i)content-length: (\\d+)").matcher(text);
            if (headersEnd >= 0 && length.find() && text.length() - headersEnd - 4 >= Integer.parseInt(length.group(1))) {
                break;
            }
        }
        return text.toString();
    }

    private static String post(String host, String... headers) throws IOException {
        return raw("POST /api/v1/search HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                + String.join("", headers) + "Content-Length: " + SEARCH.length() + "\r\nConnection: close\r\n\r\n" + SEARCH);
    }

    private static int status(String response) {
        assertThat(response).startsWith("HTTP/1.1 ");
        return Integer.parseInt(response.substring(9, 12));
    }

    @Test
    void aForeignHostIsRefusedSoARebindingPageReadsNothing() throws IOException {
        String response = raw("GET /api/v1/search/abc HTTP/1.1\r\nHost: attacker.example:" + port + "\r\nConnection: close\r\n\r\n");
        assertThat(status(response)).isEqualTo(403);
        assertThat(response).contains("Host 'attacker.example:" + port + "' is not this server", "--allow-host");
        assertThat(status(raw("GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n"))).isEqualTo(403);
        assertThat(status(raw("GET /api/v1/search/abc HTTP/1.1\r\nConnection: close\r\n\r\n"))).isEqualTo(403);
    }

    @Test
    void loopbackNamesAndConfiguredHostsAreServed() throws IOException {
        for (String host : List.of("127.0.0.1:" + port, "localhost:" + port, "LOCALHOST", "minerva.internal:" + port)) {
            assertThat(status(post(host))).as(host).isEqualTo(201);
        }
    }

    @Test
    void aCrossSiteWriteIsRefusedAndASameOriginOneServed() throws IOException {
        String host = "127.0.0.1:" + port;
        assertThat(status(post(host, "Origin: http://attacker.example\r\n"))).isEqualTo(403);
        assertThat(status(post(host, "Origin: null\r\n"))).isEqualTo(403);
        assertThat(status(post(host, "Origin: http://127.0.0.1:" + (port + 1) + "\r\n"))).isEqualTo(403);
        assertThat(status(post(host, "Sec-Fetch-Site: cross-site\r\n"))).isEqualTo(403);
        assertThat(status(post(host, "Origin: http://127.0.0.1:" + port + "\r\n", "Sec-Fetch-Site: same-origin\r\n"))).isEqualTo(201);
        assertThat(status(post(host, "Origin: http://localhost:" + port + "\r\n"))).isEqualTo(201);
    }

    @Test
    void noResponseGrantsCrossOriginAccess() throws IOException {
        String host = "127.0.0.1:" + port;
        List<String> responses = List.of(post(host, "Origin: http://127.0.0.1:" + port + "\r\n"),
                raw("OPTIONS /api/v1/search HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://attacker.example\r\n"
                        + "Access-Control-Request-Method: POST\r\nConnection: close\r\n\r\n"),
                raw("GET / HTTP/1.1\r\nHost: " + host + "\r\nOrigin: http://attacker.example\r\nConnection: close\r\n\r\n"));
        for (String response : responses) {
            assertThat(response.toLowerCase(java.util.Locale.ROOT)).doesNotContain("access-control-allow");
        }
    }

    @Test
    void oversizedHeadersAreRefused() throws IOException {
        String response;
        try {
            response = raw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: " + "a".repeat(LocalRequestGuard.MAX_HEADER_BYTES + 10)
                    + "\r\nConnection: close\r\n\r\n");
        } catch (java.net.SocketException reset) {
            response = ""; // the JDK server dropped the connection at its header size limit
        }
        // The JDK server refuses it itself (a reset, 400 or 431) or the guard does (431); either way nothing is served.
        assertThat(response.isEmpty() || status(response) == 431 || status(response) == 400).as(response).isTrue();
        assertThat(LocalRequestGuard.class).isNotNull();
        assertThat(new LocalRequestGuard(List.of(), "127.0.0.1").check("GET", java.util.Map.of("Host", List.of("127.0.0.1"),
                "X-Padding", List.of("a".repeat(LocalRequestGuard.MAX_HEADER_BYTES))))).hasValueSatisfying(r -> assertThat(r.status()).isEqualTo(431));
    }

    @Test
    void slowClientsAreCutOffAndDoNotStallOtherRequests() throws Exception {
        List<Socket> slow = new ArrayList<>();
        try {
            // Many slow connections, each sending headers and a sliver of a promised body, then nothing.
            for (int i = 0; i < ServerLimits.WORKERS / 2; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                socket.setSoTimeout((ServerLimits.REQUEST_SECONDS + 10) * 1000);
                OutputStream out = socket.getOutputStream();
                out.write(("POST /api/v1/search HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{\"qu")
                        .getBytes(StandardCharsets.UTF_8));
                out.flush();
                slow.add(socket);
            }
            long started = System.nanoTime();
            assertThat(status(post("127.0.0.1:" + port))).isEqualTo(201);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(millis).as("a normal request behind %d slow ones", slow.size())
                    .isLessThan(2_000L);
            // The server closed the slow connections once their time was up.
            for (Socket socket : slow) {
                try {
                    InputStream in = socket.getInputStream();
                    while (in.read() >= 0) {
                        // a 408 or 400 may come first; the close is what matters
                    }
                } catch (SocketTimeoutException e) {
                    throw new AssertionError("a slow connection was still open after " + (ServerLimits.REQUEST_SECONDS + 10) + " s", e);
                } catch (IOException reset) {
                    // closed with a reset: also cut off
                }
            }
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }
}
