package dev.minerva.core.config;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.core.format.BoundFormatOptions;
import dev.minerva.core.format.FormatProvider;
import dev.minerva.core.format.FormatRegistry;
import dev.minerva.core.format.OptionBinder;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.ErrorLocation;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads the YAML that maps object locations to formats. Every mistake fails here, at start-up, naming the file,
 * line, column and key, and saying what would be valid; the error's code is {@code INVALID_SOURCE_CONFIG} (or the
 * option's own, such as {@code INVALID_OPTION}) and its location the file, line and column:
 *
 * <pre>
 * sources:
 *   - name: trail                 # optional, for messages
 *     match: s3://trail-bucket/AWSLogs/*&#47;CloudTrail/**
 *     format: cloudtrail
 *     tag: aws.cloudtrail         # optional, the format's default tag otherwise
 *     max-entry-bytes: 4194304    # optional, the longest line or record accepted
 *     options: {}                 # the format's options
 * </pre>
 */
public final class SourceConfigLoader {
    private static final Set<String> TOP_KEYS = Set.of("sources");
    private static final List<String> SOURCE_KEYS = List.of("name", "match", "format", "tag", "max-entry-bytes", "options");

    private final FormatRegistry registry;

    public SourceConfigLoader(FormatRegistry registry) {
        this.registry = requireNonNull(registry, "registry is null");
    }

    /** Loads a configuration file; relative {@code file:} globs resolve against the file's directory. */
    public SourceRoutes load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new MinervaException(CoreErrorCode.INVALID_SOURCE_CONFIG, ErrorLocation.of(file.toString()),
                    "Cannot read the source configuration " + file + ": " + e.getMessage(), e);
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(text, file.toString(), base == null ? Path.of("").toAbsolutePath() : base);
    }

    /** Parses configuration text; {@code name} names it in errors, {@code base} resolves relative {@code file:} globs. */
    public SourceRoutes parse(String text, String name, Path base) {
        Node root;
        try (Reader reader = new StringReader(text)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(options)).compose(reader);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            ErrorLocation at = mark == null ? ErrorLocation.of(name)
                    : ErrorLocation.inText(name, mark.getLine() + 1, mark.getColumn() + 1);
            throw new MinervaException(CoreErrorCode.INVALID_SOURCE_CONFIG, at, at + ": not valid YAML: " + e.getProblem());
        } catch (IOException e) {
            throw new MinervaException(ErrorKind.INTERNAL, "Reading a string failed", e);
        }
        Context ctx = new Context(name, base);
        if (root == null) {
            throw new MinervaException(CoreErrorCode.INVALID_SOURCE_CONFIG, ErrorLocation.of(name),
                    name + ": the file is empty; it needs a 'sources' list");
        }
        Map<String, NodeTuple> top = ctx.mapping(root, "the top level", TOP_KEYS);
        NodeTuple sources = top.get("sources");
        if (sources == null) {
            throw ctx.error(root, "the top level needs the key 'sources': a list of sources, each with match and format");
        }
        if (!(sources.getValueNode() instanceof SequenceNode list) || list.getValue().isEmpty()) {
            throw ctx.error(sources.getValueNode(), "'sources' must be a non-empty list of sources, each with match and format");
        }
        List<SourceRoute> routes = new ArrayList<>();
        int index = 0;
        for (Node source : list.getValue()) {
            index++;
            routes.add(ctx.route(source, index));
        }
        return new SourceRoutes(routes, name);
    }

    private final class Context {
        private final String name;
        private final Path base;

        Context(String name, Path base) {
            this.name = name;
            this.base = base;
        }

        SourceRoute route(Node node, int index) {
            String what = "source #" + index;
            Map<String, NodeTuple> keys = mapping(node, what, Set.copyOf(SOURCE_KEYS));
            String sourceName = keys.containsKey("name") ? scalar(keys.get("name"), what) : what;
            String label = keys.containsKey("name") ? "source '" + sourceName + "'" : what;
            NodeTuple match = require(keys, "match", node, label, "a location glob such as s3://bucket/AWSLogs/*/CloudTrail/** or file:logs/**");
            NodeTuple format = require(keys, "format", node, label, "one of: " + registry.availableNames());
            String glob = scalar(match, label);
            if (!glob.startsWith("s3://") && !glob.startsWith("file:")) {
                throw error(match.getValueNode(), "'match' of " + label + " must start with s3:// or file:, not '" + glob + "'");
            }
            String formatName = scalar(format, label);
            if (!registry.contains(formatName)) {
                throw error(format.getValueNode(), "unknown format '" + formatName + "' in " + label + ". Available formats: " + registry.availableNames());
            }
            FormatProvider provider = registry.provider(formatName);
            String tag = keys.containsKey("tag") ? scalar(keys.get("tag"), label) : provider.factory().defaultTag();
            if (tag.isBlank()) {
                throw error(keys.get("tag").getValueNode(), "'tag' of " + label + " must not be empty");
            }
            int maxEntryBytes = SourceRoutes.DEFAULT_MAX_ENTRY_BYTES;
            if (keys.containsKey("max-entry-bytes")) {
                NodeTuple max = keys.get("max-entry-bytes");
                String value = scalar(max, label);
                try {
                    maxEntryBytes = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    maxEntryBytes = -1;
                }
                if (maxEntryBytes < 1) {
                    throw error(max.getValueNode(), "'max-entry-bytes' of " + label + " must be a positive integer (bytes), not '" + value + "'");
                }
            }
            Map<String, Object> raw = new LinkedHashMap<>();
            Map<String, Node> rawNodes = new LinkedHashMap<>();
            Node optionsNode = keys.containsKey("options") ? keys.get("options").getValueNode() : node;
            if (keys.containsKey("options")) {
                if (!(optionsNode instanceof MappingNode options)) {
                    if (optionsNode instanceof ScalarNode s && s.getTag().equals(Tag.NULL)) {
                        optionsNode = node;
                    } else {
                        throw error(optionsNode, "'options' of " + label + " must be a mapping of option keys to values");
                    }
                } else {
                    for (NodeTuple tuple : options.getValue()) {
                        String key = keyOf(tuple);
                        raw.put(key, value(tuple.getValueNode(), label));
                        rawNodes.put(key, tuple.getKeyNode());
                    }
                }
            }
            final Node optionsAnchor = optionsNode;
            BoundFormatOptions bound = OptionBinder.bind(provider.factory(), raw,
                    key -> Optional.of(location(rawNodes.getOrDefault(key, optionsAnchor))),
                    key -> where(rawNodes.getOrDefault(key, optionsAnchor)) + label + ": ");
            LogFormat logFormat;
            try {
                logFormat = provider.factory().create(bound);
            } catch (MinervaException e) {
                throw new MinervaException(e.errorCode(), e.location().orElse(location(optionsAnchor)),
                        where(optionsAnchor) + label + ": " + e.getMessage(), e);
            }
            String normalised = ObjectLocation.normalisePattern(glob, base);
            return new SourceRoute(sourceName, UriGlob.compile(normalised), formatName, logFormat, bound, tag, maxEntryBytes,
                    where(node).replaceAll(": $", ""));
        }

        Map<String, NodeTuple> mapping(Node node, String what, Set<String> allowed) {
            if (!(node instanceof MappingNode mapping)) {
                throw error(node, what + " must be a mapping with the keys " + String.join(", ", sorted(allowed)));
            }
            Map<String, NodeTuple> keys = new LinkedHashMap<>();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = keyOf(tuple);
                if (!allowed.contains(key)) {
                    throw error(tuple.getKeyNode(), "unknown key '" + key + "' in " + what + ". Valid keys: " + String.join(", ", ordered(allowed)));
                }
                if (keys.put(key, tuple) != null) {
                    throw error(tuple.getKeyNode(), "the key '" + key + "' appears twice in " + what);
                }
            }
            return keys;
        }

        private List<String> ordered(Set<String> allowed) {
            List<String> order = new ArrayList<>();
            for (String key : SOURCE_KEYS) {
                if (allowed.contains(key)) {
                    order.add(key);
                }
            }
            for (String key : sorted(allowed)) {
                if (!order.contains(key)) {
                    order.add(key);
                }
            }
            return order;
        }

        private List<String> sorted(Set<String> keys) {
            return keys.stream().sorted().toList();
        }

        NodeTuple require(Map<String, NodeTuple> keys, String key, Node node, String label, String valid) {
            NodeTuple tuple = keys.get(key);
            if (tuple == null) {
                throw error(node, label + " needs the key '" + key + "': " + valid);
            }
            return tuple;
        }

        String keyOf(NodeTuple tuple) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw error(tuple.getKeyNode(), "keys must be plain words");
            }
            return key.getValue();
        }

        String scalar(NodeTuple tuple, String label) {
            Node value = tuple.getValueNode();
            if (!(value instanceof ScalarNode scalar) || scalar.getTag().equals(Tag.NULL)) {
                throw error(value, "'" + keyOf(tuple) + "' of " + label + " must be a single value");
            }
            return scalar.getValue();
        }

        Object value(Node node, String label) {
            if (node instanceof ScalarNode scalar) {
                Tag tag = scalar.getTag();
                if (tag.equals(Tag.NULL)) {
                    return null;
                }
                if (tag.equals(Tag.BOOL)) {
                    return Boolean.parseBoolean(scalar.getValue().toLowerCase(java.util.Locale.ROOT));
                }
                return scalar.getValue();
            }
            if (node instanceof SequenceNode sequence) {
                List<Object> items = new ArrayList<>();
                for (Node item : sequence.getValue()) {
                    items.add(value(item, label));
                }
                return items;
            }
            return Map.of("mapping", node.getStartMark().getLine());
        }

        ErrorLocation location(Node node) {
            Mark mark = node.getStartMark();
            return ErrorLocation.inText(name, mark.getLine() + 1, mark.getColumn() + 1);
        }

        String where(Node node) {
            return location(node) + ": ";
        }

        MinervaException error(Node node, String message) {
            return new MinervaException(CoreErrorCode.INVALID_SOURCE_CONFIG, location(node), where(node) + message);
        }
    }
}
