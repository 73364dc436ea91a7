package dev.minerva.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.ErrorLocation;
import dev.minerva.spi.MinervaException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadBucketRequest;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

class S3FailuresTest {
    private static final S3Location LOCATION = S3Location.parse("s3://logs-bucket/warehouse/manifests/x.json");
    private static final SdkClientException CUT = SdkClientException.create("Error writing request body to server");

    private final AtomicInteger heads = new AtomicInteger();

    /** A client whose only call, HEAD bucket, answers with {@code answer}. */
    private S3Client headAnswering(Supplier<HeadBucketResponse> answer) {
        return new S3Client() {
            @Override
            public HeadBucketResponse headBucket(HeadBucketRequest request) {
                assertThat(request.bucket()).isEqualTo("logs-bucket");
                heads.incrementAndGet();
                return answer.get();
            }

            @Override
            public String serviceName() {
                return "s3";
            }

            @Override
            public void close() {}
        };
    }

    @Test
    void anUploadCutShortToAMissingBucketIsAUserErrorNamingTheBucket() {
        S3Client client = headAnswering(() -> {
            throw NoSuchBucketException.builder().statusCode(404).message("Not Found").build();
        });
        MinervaException error = S3Failures.translateWrite(CUT, client, LOCATION);
        assertThat(error.kind()).isEqualTo(ErrorKind.USER_INPUT);
        assertThat(error.errorCode().name()).isEqualTo("LOCATION_NOT_FOUND");
        assertThat(error.location()).contains(ErrorLocation.of(LOCATION.toString()));
        assertThat(error).hasMessageContaining("S3 bucket 'logs-bucket' does not exist (while writing " + LOCATION);
        assertThat(error.getCause()).hasCause(CUT);
    }

    @Test
    void anUploadCutShortToABucketThatExistsStaysAConnectionFailure() {
        MinervaException error = S3Failures.translateWrite(CUT, headAnswering(() -> HeadBucketResponse.builder().build()), LOCATION);
        assertThat(error.kind()).isEqualTo(ErrorKind.EXTERNAL);
        assertThat(error.errorCode().name()).isEqualTo("STORAGE_FAILED");
        assertThat(error.location()).contains(ErrorLocation.of(LOCATION.toString()));
        assertThat(error).hasMessageStartingWith("Could not reach S3 writing " + LOCATION).hasCause(CUT);
    }

    @Test
    void whenTheBucketCannotBeCheckedEitherTheUploadsOwnFailureIsReported() {
        MinervaException error = S3Failures.translateWrite(CUT, headAnswering(() -> {
            throw SdkClientException.create("Connection refused");
        }), LOCATION);
        assertThat(error.kind()).isEqualTo(ErrorKind.EXTERNAL);
        assertThat(error).hasMessageContaining("Error writing request body to server").hasCause(CUT);
    }

    @Test
    void anAnswerFromS3NeedsNoSecondRequest() {
        S3Exception denied = (S3Exception) S3Exception.builder().statusCode(403).message("Access Denied").build();
        MinervaException error = S3Failures.translateWrite(denied, headAnswering(() -> {
            throw new AssertionError("no HEAD expected");
        }), LOCATION);
        assertThat(error.kind()).isEqualTo(ErrorKind.USER_INPUT);
        assertThat(error.errorCode().name()).isEqualTo("ACCESS_DENIED");
        assertThat(error).hasMessageContaining("the role needs s3:PutObject");
        assertThat(heads).hasValue(0);
    }
}
