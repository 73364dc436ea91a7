package dev.minerva.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The deployment JARs and the template agree: every handler the template names is in the JAR its function deploys,
 * every environment variable the template sets is one the code in the JARs reads, and every variable the code reads
 * is set by the template or documented as optional in runtime-lambda/README.md. Each JAR fits Lambda with room for
 * plugin layers (at most 50 MB zipped, the direct-upload limit, and 100 MB unpacked of the 250 MB a function and its
 * layers may take), ships native libraries for Lambda's two platforms only, and the search JAR carries no Parquet or
 * Hadoop. Runs after the reactor packaged the JARs.
 */
class ShadedJarMatchesTheTemplateIT {
    static final Path INDEXER_JAR = Path.of("../../runtime-lambda/indexer/target/minerva-lambda-indexer.jar");
    static final Path SEARCH_JAR = Path.of("../../runtime-lambda/search/target/minerva-lambda-search.jar");
    private static final Map<String, Path> JAR_BY_CODE_KEY = Map.of("IndexerCodeKey", INDEXER_JAR, "SearchCodeKey",
            SEARCH_JAR);
    private static final long MAX_ZIPPED = 50_000_000L;
    private static final long MAX_UNPACKED = 100_000_000L;
    private static final Path LAMBDA_README = Path.of("../../runtime-lambda/README.md");
    private static final Pattern VARIABLE = Pattern.compile("MINERVA_[A-Z0-9_]*[A-Z0-9]");
    private static final Pattern NATIVE = Pattern.compile(".*\\.(so|dll|dylib|jnilib)$");

    private static final Map<String, Object> TEMPLATE = Templates.load(Templates.MAIN);
    private static final Set<String> variablesInCode = new TreeSet<>();
    private static final Map<Path, Set<String>> entries = new LinkedHashMap<>();

    @BeforeAll
    static void readTheJars() throws IOException {
        for (Path path : List.of(INDEXER_JAR, SEARCH_JAR)) {
            assertThat(path).as("the shaded JAR; run mvn verify from the repository root").exists();
            Set<String> names = new TreeSet<>();
            long unpacked = 0;
            try (JarFile jar = new JarFile(path.toFile())) {
                Enumeration<JarEntry> all = jar.entries();
                while (all.hasMoreElements()) {
                    JarEntry entry = all.nextElement();
                    names.add(entry.getName());
                    unpacked += Math.max(0, entry.getSize());
                    if (entry.getName().startsWith("dev/minerva/") && entry.getName().endsWith(".class")) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            // Names of variables are string constants, stored as plain UTF-8 in the class file.
                            Matcher m = VARIABLE.matcher(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                            while (m.find()) {
                                variablesInCode.add(m.group());
                            }
                        }
                    }
                }
            }
            // The build log shows each deployment JAR's size.
            System.out.printf("%s: %.1f MB zipped, %.1f MB unpacked (limits here: 50 MB zipped, 100 MB unpacked)%n",
                    path.getFileName(), Files.size(path) / 1e6, unpacked / 1e6);
            assertThat(Files.size(path)).as("zipped size of %s", path.getFileName()).isLessThanOrEqualTo(MAX_ZIPPED);
            assertThat(unpacked).as("unpacked size of %s", path.getFileName()).isLessThanOrEqualTo(MAX_UNPACKED);
            entries.put(path, names);
        }
    }

    @Test
    void everyHandlerTheTemplateNamesIsInTheJarItsFunctionDeploys() {
        Map<String, String> handlers = functions("Handler");
        Map<String, Map<String, Object>> code = functions("Code");
        assertThat(handlers).hasSize(3);
        handlers.forEach((function, handler) -> {
            Object key = ((Map<?, ?>) code.get(function).get("S3Key")).get("Ref");
            Path jar = JAR_BY_CODE_KEY.get(String.valueOf(key));
            assertThat(jar).as("the JAR of %s (S3Key %s)", function, key).isNotNull();
            String className = handler.substring(0, handler.indexOf("::"));
            assertThat(entries.get(jar)).as("handler of %s", function).contains(className.replace('.', '/') + ".class");
        });
    }

    @Test
    void theIndexerJarBundlesTheTenFormats() throws IOException {
        try (JarFile jar = new JarFile(INDEXER_JAR.toFile())) {
            JarEntry serviceFile = jar.getJarEntry("META-INF/services/dev.minerva.spi.LogFormatFactory");
            assertThat(serviceFile).as("merged service file").isNotNull();
            try (InputStream in = jar.getInputStream(serviceFile)) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                        .contains("VpcFlowLogFormatFactory", "CloudTrailLogFormatFactory", "JsonLinesLogFormatFactory",
                                "AlbLogFormatFactory", "NlbLogFormatFactory", "S3AccessLogFormatFactory",
                                "CloudFrontLogFormatFactory", "Route53ResolverLogFormatFactory", "WafLogFormatFactory",
                                "GuardDutyLogFormatFactory");
            }
        }
    }

    @Test
    void theSearchJarCarriesNoParquetHadoopOrEmbeddedEngine() {
        assertThat(entries.get(SEARCH_JAR)).filteredOn(name -> name.startsWith("org/apache/parquet/")
                || name.startsWith("org/apache/hadoop/") || name.startsWith("shaded/parquet/")
                || name.startsWith("org/duckdb/") || name.startsWith("io/trino/")).isEmpty();
        assertThat(entries.get(INDEXER_JAR)).filteredOn(name -> name.startsWith("org/duckdb/")
                || name.startsWith("io/trino/")).isEmpty();
    }

    @Test
    void nativeLibrariesAreForLinuxX8664AndArm64Only() {
        entries.forEach((jar, names) -> assertThat(names).as("native libraries in %s", jar.getFileName())
                .filteredOn(name -> NATIVE.matcher(name).matches())
                .allSatisfy(name -> assertThat(name.toLowerCase(Locale.ROOT))
                        .containsAnyOf("linux/amd64/", "linux/aarch64/", "linux/x86_64/")));
    }

    @Test
    void everyNativeLibraryForLinuxX86IsAlsoThereForLinuxArm() {
        // The template's Architecture parameter offers arm64: a native shipped for x86_64 only would fail there.
        entries.forEach((jar, names) -> {
            Set<String> x86 = new TreeSet<>();
            Set<String> arm = new TreeSet<>();
            for (String name : names) {
                String lower = name.toLowerCase(Locale.ROOT);
                String library = name.substring(name.lastIndexOf('/') + 1);
                if (NATIVE.matcher(name).matches() && (lower.contains("linux/amd64/") || lower.contains("linux/x86_64/"))) {
                    x86.add(library);
                } else if (NATIVE.matcher(name).matches() && lower.contains("linux/aarch64/")) {
                    arm.add(library);
                }
            }
            System.out.printf("%s: linux x86_64 natives %s, linux aarch64 natives %s%n", jar.getFileName(), x86, arm);
            assertThat(arm).as("linux aarch64 natives in %s", jar.getFileName()).containsAll(x86);
        });
    }

    @Test
    void everyVariableTheTemplateSetsIsReadByTheCode() {
        Set<String> set = variablesSetByTheTemplate();
        assertThat(set).isNotEmpty();
        assertThat(variablesInCode).containsAll(set);
    }

    @Test
    void everyVariableTheCodeReadsIsSetOrDocumentedAsOptional() throws IOException {
        String readme = Files.readString(LAMBDA_README);
        Set<String> set = variablesSetByTheTemplate();
        for (String variable : variablesInCode) {
            if (!set.contains(variable)) {
                assertThat(readme).as("%s is read by the code but neither set by the template nor documented", variable)
                        .contains("`" + variable + "`");
            }
        }
    }

    private static Set<String> variablesSetByTheTemplate() {
        Set<String> names = new TreeSet<>();
        for (Object environment : functions("Environment").values()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> variables = (Map<String, Object>) ((Map<String, Object>) environment).get("Variables");
            variables.keySet().stream().filter(n -> n.startsWith("MINERVA_")).forEach(names::add);
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    private static <T> Map<String, T> functions(String property) {
        Map<String, T> values = new LinkedHashMap<>();
        Templates.resources(TEMPLATE).forEach((name, resource) -> {
            Map<String, Object> body = (Map<String, Object>) resource;
            if ("AWS::Lambda::Function".equals(body.get("Type"))) {
                values.put(name, (T) ((Map<String, Object>) body.get("Properties")).get(property));
            }
        });
        return values;
    }
}
