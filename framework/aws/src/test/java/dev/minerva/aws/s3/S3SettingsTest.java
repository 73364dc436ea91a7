package dev.minerva.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.retries.StandardRetryStrategy;
import software.amazon.awssdk.services.s3.S3Client;

class S3SettingsTest {
    @Test
    void noVariablesMeanRealS3WithTheDefaultRegionChain() {
        S3Settings settings = S3Settings.fromEnvironment(Map.of());
        assertThat(settings).isEqualTo(S3Settings.defaults());
        assertThat(settings.region()).isEmpty();
        assertThat(settings.endpoint()).isEmpty();
        assertThat(settings.pathStyle()).isFalse();
    }

    @Test
    void readsEndpointPathStyleAndRegion() {
        S3Settings settings = S3Settings.fromEnvironment(Map.of("MINERVA_S3_ENDPOINT", "http://127.0.0.1:9000",
                "MINERVA_S3_PATH_STYLE", "TRUE", "AWS_REGION", "eu-west-1"));
        assertThat(settings.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
        assertThat(settings.pathStyle()).isTrue();
        assertThat(settings.region()).contains("eu-west-1");
    }

    @Test
    void blankVariablesCountAsUnset() {
        assertThat(S3Settings.fromEnvironment(Map.of("MINERVA_S3_ENDPOINT", " ", "AWS_REGION", "")))
                .isEqualTo(S3Settings.defaults());
    }

    @Test
    void badValuesNameTheVariableAndWhatIsValid() {
        assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("MINERVA_S3_PATH_STYLE", "yes")))
                .isInstanceOfSatisfying(MinervaException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.USER_INPUT))
                .hasMessage("Invalid value 'yes' for MINERVA_S3_PATH_STYLE: expected true or false");
        assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("MINERVA_S3_ENDPOINT", "localhost:9000")))
                .hasMessageContaining("'localhost:9000' in MINERVA_S3_ENDPOINT")
                .hasMessageContaining("http://127.0.0.1:9000");
        assertThatThrownBy(() -> S3Settings.fromEnvironment(Map.of("AWS_REGION", "Ireland")))
                .hasMessageContaining("'Ireland' in AWS_REGION").hasMessageContaining("us-east-1");
    }

    @Test
    void theFactoryBuildsAClientForAnExplicitRegionWithoutTouchingTheNetwork() {
        S3Settings settings = S3Settings.defaults().withRegion("eu-central-1");
        try (S3Client client = S3ClientFactory.create(settings)) {
            assertThat(client.serviceClientConfiguration().region().id()).isEqualTo("eu-central-1");
            assertThat(client.serviceClientConfiguration().overrideConfiguration().retryStrategy())
                    .containsInstanceOf(StandardRetryStrategy.class);
        }
    }
}
