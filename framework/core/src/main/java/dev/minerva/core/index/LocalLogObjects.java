package dev.minerva.core.index;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.config.ObjectLocation;
import dev.minerva.core.warehouse.SourceObject;
import dev.minerva.spi.ErrorLocation;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Log objects on the local file system: files given directly, and every file under given folders. */
public final class LocalLogObjects implements LogObjectReader {
    /** Lists the files at {@code paths}, walking folders recursively and leaving out hidden files and folders. */
    public List<LogObject> list(List<Path> paths) {
        List<LogObject> objects = new ArrayList<>();
        for (Path path : paths) {
            if (!Files.exists(path)) {
                throw new MinervaException(CoreErrorCode.LOCATION_NOT_FOUND, ErrorLocation.of(path.toString()), "No such file or folder: " + path);
            }
            if (Files.isDirectory(path)) {
                try (Stream<Path> files = Files.walk(path)) {
                    files.filter(Files::isRegularFile)
                            .filter(file -> !hidden(path, file))
                            .sorted()
                            .forEach(file -> objects.add(describe(file)));
                } catch (IOException e) {
                    throw new MinervaException(CoreErrorCode.STORAGE_FAILED, ErrorLocation.of(path.toString()), "Cannot list " + path + ": " + e.getMessage(), e);
                }
            } else {
                objects.add(describe(path));
            }
        }
        return List.copyOf(objects);
    }

    /** Describes one file: its location, size, modification time and the version derived from them. */
    public LogObject describe(Path file) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            var modified = attributes.lastModifiedTime().toInstant();
            return new LogObject(ObjectLocation.ofFile(file), attributes.size(), Optional.of(modified),
                    SourceObject.versionOf(attributes.size(), modified));
        } catch (IOException e) {
            throw new MinervaException(CoreErrorCode.STORAGE_FAILED, ErrorLocation.of(file.toString()), "Cannot read the attributes of " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream open(LogObject object) throws IOException {
        if (!object.location().startsWith("file:")) {
            throw MinervaException.userInput("Not a local file: " + object.location());
        }
        return Files.newInputStream(Path.of(object.location().substring("file:".length())));
    }

    private static boolean hidden(Path root, Path file) {
        for (Path part : root.relativize(file)) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }
}
