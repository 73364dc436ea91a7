package dev.minerva.core.warehouse;

import static java.util.Objects.requireNonNull;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/** Warehouse storage in a local folder: keys are relative paths, publication is a rename within the folder. */
public final class LocalWarehouseStorage implements WarehouseStorage {
    // Staged files live under a dot-folder of the root: same file system (so the rename is atomic) and hidden
    // from engines, which skip names starting with '.' or '_'.
    private static final String STAGING = ".staging";

    private final Path root;

    public LocalWarehouseStorage(Path root) {
        this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    @Override
    public List<StoredObject> list(String prefix) throws IOException {
        requireNonNull(prefix, "prefix is null");
        // Walk only the deepest folder the prefix names, then filter by the full prefix like an object store would.
        int slash = prefix.lastIndexOf('/');
        Path start = slash < 0 ? root : resolve(prefix.substring(0, slash));
        if (!Files.isDirectory(start)) {
            return List.of();
        }
        List<StoredObject> result = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(start)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                String key = root.relativize(path).toString().replace('\\', '/');
                if (key.startsWith(STAGING) || !key.startsWith(prefix)) {
                    continue;
                }
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (attributes.isRegularFile()) {
                    result.add(new StoredObject(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
                }
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        result.sort(Comparator.comparing(StoredObject::key));
        return List.copyOf(result);
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        try {
            BasicFileAttributes attributes = Files.readAttributes(resolve(key), BasicFileAttributes.class);
            if (!attributes.isRegularFile()) {
                return Optional.empty();
            }
            return Optional.of(new StoredObject(key, attributes.size(), attributes.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public RandomAccessObject open(String key) throws IOException {
        Path path = resolve(key);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(key);
        }
        long length = Files.size(path);
        return new RandomAccessObject() {
            @Override
            public long length() {
                return length;
            }

            @Override
            public SeekableInput newStream() throws IOException {
                return new FileInput(new RandomAccessFile(path.toFile(), "r"));
            }

            @Override
            public String location() {
                return path.toString();
            }
        };
    }

    @Override
    public byte[] readAll(String key) throws IOException {
        return Files.readAllBytes(resolve(key));
    }

    @Override
    public StagedFile create(String key) throws IOException {
        Path target = resolve(key);
        Path staging = root.resolve(STAGING);
        Files.createDirectories(staging);
        return new LocalStagedFile(key, target, staging.resolve(UUID.randomUUID() + ".tmp"));
    }

    @Override
    public StoredObject put(String key, byte[] content) throws IOException {
        try (LocalStagedFile staged = (LocalStagedFile) create(key)) {
            Files.write(staged.temp, content);
            return staged.publish();
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    private Path resolve(String key) {
        requireNonNull(key, "key is null");
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("Key escapes the warehouse root: " + key);
        }
        return path;
    }

    private static final class LocalStagedFile implements StagedFile {
        private final String key;
        private final Path target;
        private final Path temp;
        private boolean published;
        private FileOutput output;

        LocalStagedFile(String key, Path target, Path temp) {
            this.key = key;
            this.target = target;
            this.temp = temp;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public PositionOutput openOutput() throws IOException {
            if (output != null) {
                throw new IllegalStateException("The output of " + key + " was already opened");
            }
            output = new FileOutput(new BufferedOutputStream(Files.newOutputStream(temp), 64 * 1024));
            return output;
        }

        @Override
        public StoredObject publish() throws IOException {
            if (output != null) {
                output.close();
            }
            Files.createDirectories(target.getParent());
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            published = true;
            BasicFileAttributes attributes = Files.readAttributes(target, BasicFileAttributes.class);
            return new StoredObject(key, attributes.size(), attributes.lastModifiedTime().toInstant());
        }

        @Override
        public void close() throws IOException {
            if (output != null) {
                output.close();
            }
            if (!published) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private static final class FileInput extends SeekableInput {
        private final RandomAccessFile file;

        FileInput(RandomAccessFile file) {
            this.file = file;
        }

        @Override
        public long position() throws IOException {
            return file.getFilePointer();
        }

        @Override
        public void seek(long position) throws IOException {
            file.seek(position);
        }

        @Override
        public int read() throws IOException {
            return file.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int count) throws IOException {
            return file.read(buffer, offset, count);
        }

        @Override
        public void readFully(byte[] buffer, int offset, int count) throws IOException {
            file.readFully(buffer, offset, count);
        }

        @Override
        public void close() throws IOException {
            file.close();
        }
    }

    private static final class FileOutput extends PositionOutput {
        private final OutputStream out;
        private long position;
        private boolean closed;

        FileOutput(OutputStream out) {
            this.out = out;
        }

        @Override
        public long position() {
            return position;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            position += length;
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            if (!closed) {
                closed = true;
                out.close();
            }
        }
    }
}
