package dev.minerva.lambda;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minerva.core.api.ApiRequest;
import dev.minerva.core.api.ApiResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * API Gateway Lambda proxy events as {@link ApiRequest}s, and {@link ApiResponse}s as proxy responses, for both
 * REST APIs (payload 1.0, {@code APIGatewayProxyRequestEvent}) and HTTP APIs (payload 2.0, {@code "version":
 * "2.0"}, {@code APIGatewayV2HTTPEvent}). Both response formats accept {@code statusCode}, {@code headers},
 * {@code body} and {@code isBase64Encoded}, so one response shape serves both.
 */
final class ApiGatewayEvents {
    private final ObjectMapper json;

    ApiGatewayEvents(ObjectMapper json) {
        this.json = requireNonNull(json, "json is null");
    }

    /** True for an HTTP API payload 2.0 event. */
    static boolean isHttpApi(JsonNode event) {
        return "2.0".equals(event.path("version").asText());
    }

    /** The request an event carries; a body API Gateway base64-encoded is decoded as UTF-8. */
    ApiRequest request(JsonNode event) {
        return isHttpApi(event) ? httpApiRequest(event) : restRequest(event);
    }

    /** The proxy response for either payload version. */
    String response(ApiResponse response) {
        ObjectNode root = json.createObjectNode();
        root.put("statusCode", response.status());
        ObjectNode headers = root.putObject("headers");
        response.headers().forEach(headers::put);
        root.put("body", response.jsonBody());
        root.put("isBase64Encoded", false);
        return root.toString();
    }

    private ApiRequest restRequest(JsonNode event) {
        JsonNode context = event.path("requestContext");
        Map<String, List<String>> query = new LinkedHashMap<>();
        JsonNode multi = event.path("multiValueQueryStringParameters");
        if (multi.isObject()) {
            multi.properties().forEach(e -> query.put(e.getKey(), texts(e.getValue())));
        } else {
            event.path("queryStringParameters").properties()
                    .forEach(e -> query.put(e.getKey(), List.of(e.getValue().asText())));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        event.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        // Only when the single-value map lacks a header: it holds the last value, which is what we want.
        event.path("multiValueHeaders").properties().forEach(e -> headers.putIfAbsent(e.getKey(),
                String.join(",", texts(e.getValue()))));
        // The REST API's "path" is the resource path without the stage.
        return new ApiRequest(event.path("httpMethod").asText("GET"), event.path("path").asText("/"), query,
                headers, body(event), context.path("identity").path("sourceIp").asText(""),
                context.path("requestId").asText(""), restCaller(context.path("identity")));
    }

    private ApiRequest httpApiRequest(JsonNode event) {
        JsonNode context = event.path("requestContext");
        JsonNode http = context.path("http");
        String path = event.path("rawPath").asText(http.path("path").asText("/"));
        String stage = context.path("stage").asText("$default");
        // A named stage (not $default) prefixes the raw path; the routes do not include it.
        if (!stage.equals("$default") && path.startsWith("/" + stage + "/")) {
            path = path.substring(stage.length() + 1);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        event.path("headers").properties().forEach(e -> headers.put(e.getKey(), e.getValue().asText()));
        return new ApiRequest(http.path("method").asText("GET"), path, query(event.path("rawQueryString").asText("")),
                headers, body(event), http.path("sourceIp").asText(""), context.path("requestId").asText(""),
                text(context.path("authorizer").path("iam").path("userArn")));
    }

    /**
     * Who a REST API authenticated: the IAM principal (AWS_IAM authorisation), else the API key's id (API-key mode);
     * empty when neither, which no permission rule maps. API Gateway fills these in; a caller cannot set them.
     */
    private static String restCaller(JsonNode identity) {
        String arn = text(identity.path("userArn"));
        if (!arn.isEmpty()) {
            return arn;
        }
        String keyId = text(identity.path("apiKeyId"));
        return keyId.isEmpty() ? "" : "api-key:" + keyId;
    }

    private static String text(JsonNode node) {
        return node.isTextual() ? node.textValue().strip() : "";
    }

    /** Parses the raw query string: repeated names keep every value, in order (queryStringParameters joins them). */
    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            query.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            // A malformed escape: keep the text as sent, the API reports what is wrong with the value.
            return text;
        }
    }

    private static String body(JsonNode event) {
        JsonNode body = event.path("body");
        if (!body.isTextual()) {
            return "";
        }
        if (event.path("isBase64Encoded").asBoolean(false)) {
            try {
                return new String(Base64.getDecoder().decode(body.textValue()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                return body.textValue();
            }
        }
        return body.textValue();
    }

    private static List<String> texts(JsonNode values) {
        List<String> list = new ArrayList<>();
        if (values.isArray()) {
            values.forEach(value -> list.add(value.asText()));
        } else if (!values.isNull() && !values.isMissingNode()) {
            list.add(values.asText());
        }
        return list;
    }
}
