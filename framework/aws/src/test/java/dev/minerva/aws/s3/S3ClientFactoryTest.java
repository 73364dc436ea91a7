package dev.minerva.aws.s3;

import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.minerva.spi.MinervaException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;

class S3ClientFactoryTest {
    @Test
    void withoutARegionAnywhereTheErrorIsOneLineSayingWhatToSet() {
        assumeTrue(System.getenv("AWS_REGION") == null && System.getenv("AWS_DEFAULT_REGION") == null,
                "AWS_REGION is set in this environment, so a region is always found");
        Map<String, String> properties = Map.of("aws.configFile", "/nonexistent/config", "aws.sharedCredentialsFile",
                "/nonexistent/credentials", "aws.disableEc2Metadata", "true");
        properties.forEach(System::setProperty);
        try {
            assertThatThrownBy(() -> S3ClientFactory.create(S3Settings.defaults(), AnonymousCredentialsProvider.create()))
                    .isInstanceOf(MinervaException.class)
                    .hasMessage("No AWS region for S3: set AWS_REGION (such as export AWS_REGION=us-east-1) or region in the "
                            + "profile of ~/.aws/config");
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }
    }
}
