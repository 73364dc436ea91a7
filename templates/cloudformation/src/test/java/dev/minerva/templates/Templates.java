package dev.minerva.templates;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/** The templates of this module, found from the module directory the tests run in, and ways to read them. */
final class Templates {
    static final Path MAIN = Path.of("minerva.yaml");
    static final Path DATA_BUCKET = Path.of("data-bucket.yaml");
    static final List<Path> ALL = List.of(MAIN, DATA_BUCKET);

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([A-Za-z0-9:]+)(\\.[A-Za-z.]+)?}");

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
    static Map<String, Object> section(Map<String, Object> template, String name) {
        return (Map<String, Object>) template.getOrDefault(name, Map.of());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(Map<String, Object> template, String resource) {
        return (Map<String, Object>) ((Map<String, Object>) resources(template).get(resource)).get("Properties");
    }

    /** The logical ids and bodies of the resources of one type, in template order. */
    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> ofType(Map<String, Object> template, String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources(template).forEach((id, body) -> {
            Map<String, Object> resource = (Map<String, Object>) body;
            if (type.equals(resource.get("Type"))) {
                found.put(id, resource);
            }
        });
        return found;
    }

    /**
     * Every name a node refers to: {@code Ref} targets, {@code Fn::GetAtt} resources, {@code ${...}} variables of
     * {@code Fn::Sub} (less those its own variable map defines), and the conditions of {@code Fn::If}.
     */
    @SuppressWarnings("unchecked")
    static Set<String> references(Object node) {
        Set<String> names = new TreeSet<>();
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object value = e.getValue();
                switch ((String) e.getKey()) {
                    case "Ref" -> names.add((String) value);
                    case "Condition" -> {
                        if (value instanceof String condition) {
                            names.add(condition);
                        } else {
                            names.addAll(references(value));
                        }
                    }
                    case "Fn::GetAtt" -> names.add((String) ((List<Object>) value).get(0));
                    case "Fn::If" -> {
                        List<Object> branches = (List<Object>) value;
                        names.add((String) branches.get(0));
                        names.addAll(references(branches.subList(1, branches.size())));
                    }
                    case "Fn::Sub" -> {
                        String text = value instanceof String s ? s : (String) ((List<Object>) value).get(0);
                        Map<String, Object> variables = value instanceof List<?> list && list.size() > 1
                                ? (Map<String, Object>) list.get(1) : Map.of();
                        Matcher m = SUB_VARIABLE.matcher(text);
                        while (m.find()) {
                            if (!variables.containsKey(m.group(1))) {
                                names.add(m.group(1));
                            }
                        }
                        variables.values().forEach(v -> names.addAll(references(v)));
                    }
                    default -> names.addAll(references(value));
                }
            }
        } else if (node instanceof List<?> list) {
            list.forEach(item -> names.addAll(references(item)));
        }
        return names;
    }

    /** The parameters a node depends on, directly or through the conditions it uses. */
    @SuppressWarnings("unchecked")
    static Set<String> parametersUsed(Map<String, Object> template, Object node) {
        Map<String, Object> parameters = section(template, "Parameters");
        Map<String, Object> conditions = section(template, "Conditions");
        Set<String> found = new TreeSet<>();
        Set<String> seen = new TreeSet<>();
        java.util.ArrayDeque<String> todo = new java.util.ArrayDeque<>(references(node));
        while (!todo.isEmpty()) {
            String name = todo.pop();
            if (!seen.add(name)) {
                continue;
            }
            if (parameters.containsKey(name)) {
                found.add(name);
            } else if (conditions.containsKey(name)) {
                todo.addAll(references(conditions.get(name)));
            }
        }
        return found;
    }

    /**
     * The first 12 hex digits of the SHA-256 of a node written canonically (map keys sorted), so the same definition
     * always gives the same value whatever the YAML's layout.
     */
    static String hash(Object node) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical(node).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("The JDK has no SHA-256", e);
        }
    }

    private static String canonical(Object node) {
        if (node instanceof Map<?, ?> map) {
            StringBuilder out = new StringBuilder("{");
            new TreeMap<>(map).forEach((k, v) -> out.append(quote(String.valueOf(k))).append(':').append(canonical(v)).append(','));
            return out.append('}').toString();
        }
        if (node instanceof List<?> list) {
            StringBuilder out = new StringBuilder("[");
            list.forEach(item -> out.append(canonical(item)).append(','));
            return out.append(']').toString();
        }
        return quote(String.valueOf(node));
    }

    private static String quote(String text) {
        return '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
