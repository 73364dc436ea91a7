package dev.minerva.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.inject.Guice;
import dev.minerva.core.inject.StorageModule;
import dev.minerva.core.inject.WarehouseModule;
import dev.minerva.core.warehouse.LocalWarehouseStorage;
import dev.minerva.core.warehouse.Warehouse;
import dev.minerva.core.warehouse.WarehouseStorage;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import dev.minerva.testing.aws.S3ProxyFixture;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class StorageModuleTest {
    @RegisterExtension
    static final S3ProxyFixture S3 = new S3ProxyFixture();

    @TempDir
    Path temp;

    @Test
    void aFolderBindsLocalStorage() {
        WarehouseStorage storage = Guice.createInjector(new WarehouseModule(StorageModule.of(temp.toString(), S3Fixtures.provider(S3))))
                .getInstance(WarehouseStorage.class);
        assertThat(storage).isInstanceOf(LocalWarehouseStorage.class);
        assertThat(((LocalWarehouseStorage) storage).root()).isEqualTo(temp.toAbsolutePath().normalize());
    }

    @Test
    void anS3LocationBindsS3StorageUnderThatPrefixSharedByTheWarehouse() throws Exception {
        String bucket = S3.newBucket();
        var injector = Guice.createInjector(new WarehouseModule(StorageModule.of("s3://" + bucket + "/wh", S3Fixtures.provider(S3))));
        WarehouseStorage storage = injector.getInstance(WarehouseStorage.class);
        assertThat(storage).isInstanceOf(S3WarehouseStorage.class);
        assertThat(((S3WarehouseStorage) storage).root().toString()).isEqualTo("s3://" + bucket + "/wh/");
        assertThat(injector.getInstance(Warehouse.class).storage()).isSameAs(storage);
        storage.put("objects/x.json", "{}".getBytes());
        assertThat(S3.client().headObject(r -> r.bucket(bucket).key("wh/objects/x.json")).contentLength()).isEqualTo(2);
    }

    @Test
    void otherSchemesAndBadBucketsAreUserErrors() {
        assertThatThrownBy(() -> StorageModule.of("gs://bucket/wh/", S3Fixtures.provider(S3)))
                .isInstanceOf(MinervaException.class).hasMessageContaining("expected a local folder or s3://bucket/prefix/");
        assertThatThrownBy(() -> StorageModule.of("s3://Bad_Bucket/wh/", S3Fixtures.provider(S3)))
                .isInstanceOf(MinervaException.class).extracting(e -> ((MinervaException) e).kind()).isEqualTo(ErrorKind.USER_INPUT);
    }
}
