package dev.minerva.templates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.Yaml;

/** The templates of this module, found from the module directory the tests run in. */
final class Templates {
    static final Path MAIN = Path.of("minerva.yaml");
    static final Path DATA_BUCKET = Path.of("data-bucket.yaml");
    static final List<Path> ALL = List.of(MAIN, DATA_BUCKET);

    private Templates() {}

    /** A template as nested maps; the templates use the long form of intrinsic functions, so plain YAML reads them. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> load(Path template) {
        try {
            return (Map<String, Object>) new Yaml().load(Files.readString(template));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> resources(Map<String, Object> template) {
        return (Map<String, Object>) template.get("Resources");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> template, String resource) {
        return (Map<String, Object>) ((Map<String, Object>) resources(template).get(resource)).get("Properties");
    }
}
