package dev.minerva.lambda;

import static java.util.Objects.requireNonNull;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.inject.Guice;
import com.google.inject.Injector;
import dev.minerva.core.api.ApiRequest;
import dev.minerva.core.api.ApiResponse;
import dev.minerva.core.api.CallerPermissions;
import dev.minerva.core.api.SearchApi;
import dev.minerva.core.search.Searches;
import dev.minerva.core.terms.TermTokenizer;
import dev.minerva.aws.athena.AthenaSearchModule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The search API behind API Gateway: a REST API (payload 1.0) or an HTTP API (payload 2.0) event in, the matching
 * proxy response out, answered by {@link SearchApi} on stateless Athena searches. The injector is built once per
 * container, in the constructor Lambda calls once; configuration comes from the environment variables listed in
 * {@link SearchHandlerEnvironment}. The caller is who API Gateway authenticated (the IAM principal's ARN, or the API
 * key's id in API-key mode); the tags it may see come from the permission rules, and a caller they do not map is
 * refused (403).
 */
public final class SearchHandler implements RequestStreamHandler, ColdStartProbe.Invocable {
    /** Bodies above this size are refused with 413, as {@code minerva serve} does. */
    static final int MAX_BODY_CHARS = 1 << 20;

    private final SearchApi api;
    private final ObjectMapper json = new ObjectMapper();
    private final ApiGatewayEvents events = new ApiGatewayEvents(json);

    /** Lambda's constructor: configuration from the process environment. */
    public SearchHandler() {
        this(System.getenv());
    }

    /** Configuration from {@code environment} (tests point it at an emulator). */
    SearchHandler(Map<String, String> environment) {
        this(api(Guice.createInjector(new AthenaSearchModule(environment)), environment));
    }

    /** The API on Athena searches, with each caller's tags from its identity and the permission rules. */
    private static SearchApi api(Injector injector, Map<String, String> environment) {
        PermissionsSource rules = new PermissionsSource(environment, () -> injector.getInstance(S3Client.class),
                Clock.systemUTC());
        return new SearchApi(injector.getInstance(Searches.class), injector.getInstance(TermTokenizer.class),
                CallerPermissions.fromIdentity(rules));
    }

    SearchHandler(SearchApi api) {
        this.api = requireNonNull(api, "api is null");
    }

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        output.write(handle(new String(input.readAllBytes(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8));
    }

    /** Answers one event given as JSON text with the proxy response as JSON text. */
    String handle(String eventJson) {
        JsonNode event;
        try {
            event = json.readTree(eventJson);
        } catch (JsonProcessingException e) {
            event = null;
        }
        if (event == null || !event.isObject()) {
            // Not from API Gateway (a misconfigured trigger): still answer in its format, and say why.
            ApiRequest unknown = new ApiRequest("?", "?", Map.of(), Map.of(), "", "", "");
            return events.response(api.refuse(unknown, 400, "The search Lambda expects an API Gateway proxy event"));
        }
        ApiRequest request = events.request(event);
        ApiResponse response = request.body().length() > MAX_BODY_CHARS
                ? api.refuse(request, 413, "Request body over " + MAX_BODY_CHARS + " characters")
                : api.handle(request);
        return events.response(response);
    }

    /** {@code GET /api/v1/search}, which the API answers 405 without reaching Athena or S3. */
    @Override
    public void invokeForProbe(Context context) throws IOException {
        handleRequest(new ByteArrayInputStream(PROBE_EVENT.getBytes(StandardCharsets.UTF_8)), new ByteArrayOutputStream(),
                context);
    }

    private static final String PROBE_EVENT = "{\"resource\":\"/api/v1/search\",\"path\":\"/api/v1/search\","
            + "\"httpMethod\":\"GET\",\"headers\":{},\"queryStringParameters\":null,\"body\":null,\"isBase64Encoded\":false,"
            + "\"requestContext\":{\"requestId\":\"coldstart-probe\",\"identity\":{\"sourceIp\":\"127.0.0.1\"}}}";
}
