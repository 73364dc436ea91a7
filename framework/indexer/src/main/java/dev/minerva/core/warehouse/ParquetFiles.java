package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import org.apache.parquet.io.DelegatingPositionOutputStream;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.io.SeekableInputStream;

/** Parquet's file interfaces over the warehouse's storage objects, so storage backends need no Parquet at all. */
public final class ParquetFiles {
    private ParquetFiles() {}

    /** The stored object under {@code key} as a Parquet input. */
    public static InputFile input(WarehouseStorage storage, String key) throws IOException {
        return input(storage.open(key));
    }

    /** A random-access object as a Parquet input. */
    public static InputFile input(RandomAccessObject object) {
        requireNonNull(object, "object is null");
        return new InputFile() {
            @Override
            public long getLength() {
                return object.length();
            }

            @Override
            public SeekableInputStream newStream() throws IOException {
                SeekableInput stream = object.newStream();
                return new DelegatingSeekableInputStream(stream) {
                    @Override
                    public long getPos() throws IOException {
                        return stream.position();
                    }

                    @Override
                    public void seek(long newPos) throws IOException {
                        stream.seek(newPos);
                    }

                    @Override
                    public void readFully(byte[] bytes, int start, int len) throws IOException {
                        stream.readFully(bytes, start, len);
                    }
                };
            }

            @Override
            public String toString() {
                return object.location();
            }
        };
    }

    /** A staged object as a Parquet output; Parquet creates it once. */
    public static OutputFile output(StagedFile staged) {
        requireNonNull(staged, "staged is null");
        return new OutputFile() {
            @Override
            public PositionOutputStream create(long blockSizeHint) throws IOException {
                return open();
            }

            @Override
            public PositionOutputStream createOrOverwrite(long blockSizeHint) throws IOException {
                return open();
            }

            @Override
            public boolean supportsBlockSize() {
                return false;
            }

            @Override
            public long defaultBlockSize() {
                return 0;
            }

            @Override
            public String getPath() {
                return staged.key();
            }

            private PositionOutputStream open() throws IOException {
                PositionOutput output = staged.openOutput();
                return new DelegatingPositionOutputStream(output) {
                    @Override
                    public long getPos() throws IOException {
                        return output.position();
                    }

                    @Override
                    public void write(byte[] bytes, int offset, int length) throws IOException {
                        output.write(bytes, offset, length);
                    }
                };
            }
        };
    }
}
