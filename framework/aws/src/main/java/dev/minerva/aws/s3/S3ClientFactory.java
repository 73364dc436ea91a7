package dev.minerva.aws.s3;

import static java.util.Objects.requireNonNull;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** Builds S3 clients from {@link S3Settings}: the standard retry mode, the JDK HTTP client, given credentials. */
public final class S3ClientFactory {
    private S3ClientFactory() {}

    /** A client with credentials from the SDK's default chain (environment, profile, container, instance role). */
    public static S3Client create(S3Settings settings) {
        return create(settings, DefaultCredentialsProvider.builder().build());
    }

    /** A client with the given credentials; the caller closes it. */
    public static S3Client create(S3Settings settings, AwsCredentialsProvider credentials) {
        requireNonNull(settings, "settings is null");
        requireNonNull(credentials, "credentials is null");
        var builder = S3Client.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials)
                // Standard mode retries throttling and 5xx with jittered back-off; legacy mode is kinder to
                // nothing we run, and adaptive mode adds client-side rate limiting we do not need.
                .overrideConfiguration(o -> o.retryStrategy(RetryMode.STANDARD))
                .forcePathStyle(settings.pathStyle());
        settings.region().map(Region::of).ifPresent(builder::region);
        settings.endpoint().ifPresent(builder::endpointOverride);
        try {
            return builder.build();
        } catch (SdkClientException e) {
            if (settings.region().isEmpty() && String.valueOf(e.getMessage()).contains("Unable to load region")) {
                // The SDK's message lists every provider it tried; a person needs the one thing to set.
                throw new MinervaException(ErrorKind.USER_INPUT, "No AWS region for S3: set " + S3Settings.REGION_VARIABLE
                        + " (such as export " + S3Settings.REGION_VARIABLE + "=us-east-1) or region in the profile of ~/.aws/config", e);
            }
            throw new MinervaException(ErrorKind.USER_INPUT, "Cannot configure the S3 client ("
                    + settings + "): " + e.getMessage() + ". Set " + S3Settings.REGION_VARIABLE
                    + " or a region in the AWS profile", e);
        }
    }
}
