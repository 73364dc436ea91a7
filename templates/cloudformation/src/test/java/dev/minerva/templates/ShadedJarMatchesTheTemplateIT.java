package dev.minerva.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
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
 * The deployment JAR and the template agree: every handler the template names is in the JAR, every environment
 * variable the template sets is one the code in the JAR reads, and every variable the code reads is set by the
 * template or documented as optional in runtime-lambda/README.md. Runs after the reactor packaged the JAR.
 */
class ShadedJarMatchesTheTemplateIT {
    private static final Path JAR = LambdaJars.INDEXER;
    private static final Path LAMBDA_README = Path.of("../../runtime-lambda/README.md");
    private static final Pattern VARIABLE = Pattern.compile("MINERVA_[A-Z0-9_]*[A-Z0-9]");

    private static final Map<String, Object> TEMPLATE = Templates.load(Templates.MAIN);
    private static Set<String> variablesInCode;
    private static Set<String> classes;
    private static String services;

    @BeforeAll
    static void readTheJar() throws IOException {
        assertThat(JAR).as("the shaded JAR; run mvn verify from the repository root").exists();
        // The build log shows the deployment JAR's size: Lambda takes at most 250 MB unpacked, 50 MB by direct upload.
        long unpacked = 0;
        try (JarFile jar = new JarFile(JAR.toFile())) {
            unpacked = jar.stream().mapToLong(e -> Math.max(0, e.getSize())).sum();
        }
        System.out.printf("minerva-lambda.jar: %.1f MB zipped, %.1f MB unpacked (Lambda's limit: 250 MB unpacked)%n",
                Files.size(JAR) / 1e6, unpacked / 1e6);
        assertThat(unpacked).as("unpacked size of the deployment JAR").isLessThan(250_000_000L);
        variablesInCode = new TreeSet<>();
        classes = new TreeSet<>();
        try (JarFile jar = new JarFile(JAR.toFile())) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                JarEntry entry = entries.nextElement();
                if (entry.getName().startsWith("dev/minerva/") && entry.getName().endsWith(".class")) {
                    classes.add(entry.getName());
                    try (InputStream in = jar.getInputStream(entry)) {
                        // Names of variables are string constants, stored as plain UTF-8 in the class file.
                        Matcher m = VARIABLE.matcher(new String(in.readAllBytes(), StandardCharsets.ISO_8859_1));
                        while (m.find()) {
                            variablesInCode.add(m.group());
                        }
                    }
                }
            }
            JarEntry serviceFile = jar.getJarEntry("META-INF/services/dev.minerva.spi.LogFormatFactory");
            assertThat(serviceFile).as("merged service file").isNotNull();
            try (InputStream in = jar.getInputStream(serviceFile)) {
                services = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }

    @Test
    void everyHandlerTheTemplateNamesIsInTheJar() {
        Map<String, String> handlers = functions("Handler");
        assertThat(handlers).hasSize(3);
        handlers.forEach((function, handler) -> {
            String className = handler.substring(0, handler.indexOf("::"));
            assertThat(classes).as("handler of %s", function).contains(className.replace('.', '/') + ".class");
        });
    }

    @Test
    void everyNativeLibraryForLinuxX86IsAlsoThereForLinuxArm() throws IOException {
        // The Architecture parameter offers arm64: a native shipped for x86_64 only would fail there at the first use.
        for (Path path : Set.copyOf(java.util.List.of(LambdaJars.INDEXER, LambdaJars.SEARCH))) {
            Set<String> x86 = new TreeSet<>();
            Set<String> arm = new TreeSet<>();
            try (JarFile jar = new JarFile(path.toFile())) {
                jar.stream().map(JarEntry::getName).filter(n -> n.endsWith(".so")).forEach(name -> {
                    String lower = name.toLowerCase(java.util.Locale.ROOT);
                    String library = name.substring(name.lastIndexOf('/') + 1);
                    if (lower.contains("linux/amd64/") || lower.contains("linux/x86_64/")) {
                        x86.add(library);
                    } else if (lower.contains("linux/aarch64/")) {
                        arm.add(library);
                    }
                });
            }
            System.out.printf("%s: linux x86_64 natives %s, linux aarch64 natives %s%n", path.getFileName(), x86, arm);
            assertThat(arm).as("linux aarch64 natives in %s", path).containsAll(x86);
        }
    }

    @Test
    void theJarBundlesTheThreeFormats() {
        assertThat(services).contains("VpcFlowLogFormatFactory", "CloudTrailLogFormatFactory", "JsonLinesLogFormatFactory");
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
