package dev.minerva.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code minerva serve} serves the web UI at {@code /}: types, caching, a strict CSP, and nothing it should not. */
class UiStaticAssetsTest {
    @TempDir
    static Path temp;

    private static UiServe serve;
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() throws Exception {
        // An empty warehouse folder is enough to serve; these tests never search.
        Path warehouse = Files.createDirectories(temp.resolve("wh"));
        Files.createDirectories(warehouse.resolve("objects")); // an empty warehouse, as minerva index leaves one
        serve = UiServe.start("--warehouse", warehouse.toString());
    }

    @AfterAll
    static void stop() throws Exception {
        serve.close();
    }

    @Test
    void theRootIsTheUiPageWithAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = get("/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).contains("text/html; charset=utf-8");
        String csp = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(csp).contains("default-src 'none'", "script-src 'self'", "style-src 'self'", "connect-src 'self'",
                "frame-ancestors 'none'").doesNotContain("unsafe-inline", "unsafe-eval", "http:", "https:", "*");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        assertThat(page.headers().firstValue("Cache-Control")).contains("no-cache");
        assertThat(serve.out()).contains("Web UI: " + serve.uri());
        // No inline script or style (the CSP would block them), and nothing loaded from elsewhere.
        assertThat(page.body()).contains("<script type=\"module\" src=\"/app.js\"></script>")
                .doesNotContainPattern("<script(?![^>]*\\ssrc=)").doesNotContain("style=\"", " on" + "click=", "http://", "https://");
    }

    @Test
    void everyFileThePageLoadsIsServedWithItsType() throws Exception {
        String html = get("/").body();
        String app = get("/app.js").body();
        // The page's own references and the modules' imports.
        List<String> references = Pattern.compile("(?:src|href)=\"(/[^\"]+)\"|from '\\./([^']+)'")
                .matcher(html + app).results().map(m -> m.group(1) != null ? m.group(1) : "/" + m.group(2)).distinct().toList();
        assertThat(references).contains("/app.js", "/style.css", "/favicon.svg", "/model.js", "/dom.js", "/chart.js", "/tree.js");
        for (String reference : references) {
            HttpResponse<String> response = get(reference);
            assertThat(response.statusCode()).as(reference).isEqualTo(200);
            String expected = reference.endsWith(".js") ? "text/javascript; charset=utf-8"
                    : reference.endsWith(".css") ? "text/css; charset=utf-8" : "image/svg+xml";
            assertThat(response.headers().firstValue("Content-Type")).as(reference).contains(expected);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(reference).isPresent();
        }
    }

    @Test
    void noUiCodeWritesMarkupFromStrings() throws Exception {
        // Log values are attacker-controlled; the UI builds DOM with textContent only.
        for (String module : List.of("/app.js", "/model.js", "/dom.js", "/chart.js", "/tree.js")) {
            assertThat(get(module).body()).as(module)
                    .doesNotContain("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function");
        }
    }

    @Test
    void anUnchangedAssetIsRevalidatedWithA304() throws Exception {
        HttpResponse<String> first = get("/style.css");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = CLIENT.send(HttpRequest.newBuilder(serve.uri().resolve("/style.css"))
                .header("If-None-Match", etag).timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        HttpResponse<String> head = CLIENT.send(HttpRequest.newBuilder(serve.uri().resolve("/style.css"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Length")).contains(
                String.valueOf(first.body().getBytes(StandardCharsets.UTF_8).length));
    }

    @Test
    void unknownPathsAndPathTricksAre404s() throws Exception {
        for (String path : List.of("/nope.js", "/index.html", "/app.js/", "/..%2Fpom.xml", "/%2e%2e/logback.xml",
                "/logback.xml", "/web/app.js", "/APP.JS", "/dev/minerva/local/ServeCommand.class")) {
            HttpResponse<String> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            assertThat(response.headers().firstValue("Content-Type")).as(path).contains("application/json; charset=utf-8");
        }
        // Assets answer GET and HEAD only; a POST to / is the API's business (and a 404 there).
        HttpResponse<String> post = CLIENT.send(HttpRequest.newBuilder(serve.uri()).POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(404);
    }

    @Test
    void theApiStillAnswersBesideTheUi() throws Exception {
        HttpResponse<String> missing = get("/api/v1/search/00000000-0000-0000-0000-000000000000");
        assertThat(missing.statusCode()).isEqualTo(404);
        Matcher message = Pattern.compile("\"message\":\"([^\"]+)\"").matcher(missing.body());
        assertThat(message.find()).isTrue();
        assertThat(message.group(1)).startsWith("Search result is not found");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(serve.uri().toString().replaceAll("/$", "") + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
