package dev.minerva.aws.s3;

import dev.minerva.testing.aws.S3ProxyFixture;
import java.util.Optional;

/** Settings and storage providers that reach an in-process S3Proxy. */
final class S3Fixtures {
    private S3Fixtures() {}

    /** The server's endpoint, path-style addressing and its fixed region. */
    static S3Settings settings(S3ProxyFixture s3) {
        return S3Settings.defaults().withEndpoint(s3.endpoint()).withPathStyle(true).withRegion(S3ProxyFixture.REGION);
    }

    /** The {@code s3} scheme on the server, with its credentials. */
    static S3StorageProvider provider(S3ProxyFixture s3) {
        return S3StorageProvider.of(settings(s3), Optional.of(s3.credentials()));
    }
}
