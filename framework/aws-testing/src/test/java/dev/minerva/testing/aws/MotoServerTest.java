package dev.minerva.testing.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class MotoServerTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    @Test
    void startsOnALoopbackPortAndResets() throws Exception {
        URI endpoint = MOTO.endpoint();
        assertThat(endpoint.getHost()).isEqualTo("127.0.0.1");
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(endpoint.resolve("/moto-api/data.json")).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        MOTO.reset();
    }
}
