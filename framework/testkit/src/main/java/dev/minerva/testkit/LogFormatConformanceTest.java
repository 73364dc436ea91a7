package dev.minerva.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.abort;

import com.fasterxml.jackson.databind.JsonNode;
import dev.minerva.core.format.FormatProvider;
import dev.minerva.core.format.FormatRegistry;
import dev.minerva.core.format.OptionBinder;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.LogRecord;
import dev.minerva.spi.MinervaException;
import dev.minerva.spi.OptionSpec;
import dev.minerva.spi.OptionType;
import dev.minerva.spi.Rejection;
import dev.minerva.spi.StandardErrorCode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The conformance kit: a plugin's test class extends this and names its format, and gets discovery, option
 * validation, golden fixtures, empty input, malformed entries, gzip, truncated gzip, overlong and binary lines and
 * determinism checked the same way for every format. Rejections are checked by their codes and positions, never by
 * the words of their reasons (the golden files pin both code and reason).
 *
 * <p>A format that legitimately lacks a {@link FormatBehavior} says so in {@link #hasBehavior(FormatBehavior)}. The
 * tests that need the behaviour first check that the format really lacks it (an opt-out that is not true fails),
 * then report themselves as skipped with the reason.
 *
 * <p>Fixtures live in the class-path directory {@link #fixtureDirectory()}: each {@code <case>.<ext>} is parsed
 * and compared with {@code <case>.expected.jsonl} (see {@link GoldenJson}); an optional {@code <case>.options}
 * properties file gives the format's options for that case. Run with {@code -Dminerva.golden.update=true} to
 * rewrite the expected files in {@code src/test/resources} from the current output, then review every changed line.
 */
public abstract class LogFormatConformanceTest {
    /** Text no log format expects, for checking that a format which declares it rejects nothing really does not. */
    private static final String ODD_TEXT = "this is not a log line\n{\"half\": \n12 34 -- ?\n\t\n[1, 2]\n";
    private static final String EXPECTED = ".expected.jsonl";
    private static final String OPTIONS = ".options";

    /** The name the format is registered under. */
    protected abstract String formatName();

    /** A fixture holding at least one malformed entry between valid ones. */
    protected abstract String malformedFixture();

    /**
     * A fixture with one entry per line, into which the kit inserts an overlong and a binary line; empty for a
     * format that never reads lines (which then lacks {@link FormatBehavior#READS_LINES} unless
     * {@link #hasBehavior(FormatBehavior)} says otherwise).
     */
    protected abstract Optional<String> lineOrientedFixture();

    /**
     * Whether the format has {@code behavior}; every behaviour by default, except {@link FormatBehavior#READS_LINES}
     * for a format with no {@link #lineOrientedFixture()}. Override to declare what the format lacks.
     */
    protected boolean hasBehavior(FormatBehavior behavior) {
        return switch (behavior) {
            case READS_LINES -> lineOrientedFixture().isPresent();
            case REJECTS_MALFORMED_ENTRIES -> true;
        };
    }

    /** The class-path directory of the golden fixtures. */
    protected String fixtureDirectory() {
        return "fixtures";
    }

    @Test
    void formatIsDiscoveredByItsName() {
        FormatProvider provider = FormatRegistry.discover().provider(formatName());
        LogFormatFactory factory = provider.factory();
        assertThat(factory.name()).isEqualTo(formatName());
        assertThat(factory.description()).as("description").isNotBlank();
        assertThat(factory.defaultTag()).as("default tag").matches("[a-z0-9][a-z0-9._-]*");
        assertThat(provider.origin()).as("origin").isNotBlank();
        Set<String> keys = new HashSet<>();
        for (OptionSpec spec : factory.options()) {
            assertThat(keys.add(spec.key())).as("option key %s is unique", spec.key()).isTrue();
            assertThat(spec.description()).as("description of option %s", spec.key()).isNotBlank();
        }
    }

    @Test
    void defaultOptionsCreateAFormat() {
        LogFormatFactory factory = factory();
        boolean needsOptions = factory.options().stream().anyMatch(OptionSpec::required);
        if (!needsOptions) {
            assertThat(factory.create(OptionBinder.bind(factory, Map.of(), key -> ""))).isNotNull();
        }
    }

    @Test
    void unknownOptionIsRejectedListingTheValidOnes() {
        LogFormatFactory factory = factory();
        assertThatThrownBy(() -> OptionBinder.bind(factory, Map.of("no-such-option", "x"), key -> "test.yaml:3:5: "))
                .isInstanceOfSatisfying(MinervaException.class, e -> assertThat(e.errorCode())
                        .isEqualTo(StandardErrorCode.INVALID_OPTION.toErrorCode()))
                .hasMessageContaining("test.yaml:3:5")
                .hasMessageContaining("unknown option 'no-such-option'")
                .hasMessageContaining(formatName())
                .satisfies(e -> factory.options().forEach(spec -> assertThat(e.getMessage()).contains(spec.key())));
    }

    @Test
    void wronglyTypedOptionsAreRejectedNamingTheOption() {
        LogFormatFactory factory = factory();
        for (OptionSpec spec : factory.options()) {
            if (spec.type() == OptionType.INTEGER || spec.type() == OptionType.BOOLEAN || spec.type() == OptionType.CHOICE) {
                Map<String, Object> raw = new LinkedHashMap<>(requiredOptions(factory));
                raw.put(spec.key(), "not a valid value");
                assertThatThrownBy(() -> OptionBinder.bind(factory, raw, key -> ""))
                        .as("option %s", spec.key())
                        .isInstanceOfSatisfying(MinervaException.class, e -> assertThat(e.errorCode())
                                .isEqualTo(StandardErrorCode.INVALID_OPTION.toErrorCode()))
                        .hasMessageContaining("'" + spec.key() + "'")
                        .hasMessageContaining("not a valid value");
            }
        }
    }

    @TestFactory
    Stream<DynamicTest> goldenFixturesParseToTheirExpectedOutput() {
        List<String> fixtures = fixtures();
        assertThat(fixtures).as("fixtures in %s", fixtureDirectory()).isNotEmpty();
        return fixtures.stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            List<String> actual = GoldenJson.lines(parse(name, read(name)));
            if (Boolean.getBoolean("minerva.golden.update")) {
                Path target = Path.of("src/test/resources", fixtureDirectory(), caseOf(name) + EXPECTED);
                Files.write(target, (String.join("\n", actual) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            List<String> expected = resourceLines(caseOf(name) + EXPECTED);
            assertThat(GoldenJson.trees(actual)).as("output of %s against %s", name, caseOf(name) + EXPECTED)
                    .containsExactlyElementsOf(GoldenJson.trees(expected));
        }));
    }

    @TestFactory
    Stream<DynamicTest> gzipInputParsesLikePlainInput() {
        return fixtures().stream().map(name -> DynamicTest.dynamicTest(name, () -> {
            byte[] plain = read(name);
            ParsedObject fromPlain = parse(name, plain);
            ParsedObject fromGzip = parse(name, gzip(plain));
            assertThat(fromGzip.summary().gzip()).isTrue();
            assertThat(GoldenJson.trees(GoldenJson.lines(fromGzip))).isEqualTo(GoldenJson.trees(GoldenJson.lines(fromPlain)));
        }));
    }

    @Test
    void emptyObjectYieldsNoRecordsAndNoErrors() {
        ParsedObject parsed = harness(Map.of()).parse("file:/conformance/empty.log", new byte[0]);
        assertThat(parsed.records()).isEmpty();
        assertThat(parsed.rejections()).isEmpty();
        assertThat(parsed.skips()).isEmpty();
    }

    @Test
    void malformedEntryIsRejectedWithItsPositionWhileTheRestParses() {
        if (!hasBehavior(FormatBehavior.REJECTS_MALFORMED_ENTRIES)) {
            for (String fixture : fixtures()) {
                assertThat(parse(fixture, read(fixture)).rejections()).as(optOutBroken(FormatBehavior.REJECTS_MALFORMED_ENTRIES,
                        "it rejected entries of " + fixture)).isEmpty();
            }
            ParsedObject odd = harness(Map.of()).parse("file:/conformance/odd.log", ODD_TEXT.getBytes(StandardCharsets.UTF_8));
            assertThat(odd.rejections()).as(optOutBroken(FormatBehavior.REJECTS_MALFORMED_ENTRIES,
                    "it rejected lines of arbitrary text")).isEmpty();
            abort(optedOut(FormatBehavior.REJECTS_MALFORMED_ENTRIES));
        }
        String name = malformedFixture();
        byte[] content = read(name);
        long lines = new String(content, StandardCharsets.UTF_8).lines().count();
        ParsedObject parsed = parse(name, content);
        assertThat(parsed.rejections()).as("rejections of %s", name).isNotEmpty();
        assertThat(parsed.records()).as("records of %s", name).isNotEmpty();
        for (Rejection rejection : parsed.rejections()) {
            assertThat(rejection.position().line()).as("line of %s", rejection).isBetween(1L, Math.max(1, lines));
            assertThat(rejection.kind()).as("kind of %s: a refused entry is the data's fault", rejection)
                    .isEqualTo(ErrorKind.USER_INPUT);
            assertThat(rejection.reason()).as("reason of %s", rejection).isNotBlank();
        }
        assertThat(positionsOf(parsed.records())).as("records of %s are not at rejected positions", name)
                .doesNotContainAnyElementsOf(parsed.rejections().stream().map(r -> r.position().toString()).toList());
    }

    @Test
    void truncatedGzipKeepsEveryRecordBeforeTheDamageAndRejectsOnce() throws IOException {
        String name = largestFixture();
        byte[] plain = read(name);
        ParsedObject whole = parse(name, plain);
        byte[] compressed = gzip(plain);
        byte[] truncated = Arrays.copyOf(compressed, Math.max(20, compressed.length * 2 / 3));
        ParsedObject cut = parse(name, truncated);
        assertThat(cut.records().size()).isLessThan(Math.max(1, whole.records().size()) + 1);
        assertThat(positionsOf(cut.records())).isEqualTo(positionsOf(whole.records().subList(0, cut.records().size())));
        List<Rejection> gzipRejections = withCode(cut.rejections(), StandardErrorCode.DAMAGED_GZIP);
        assertThat(gzipRejections).as("rejections with the code DAMAGED_GZIP").hasSize(1);
        Rejection damage = gzipRejections.get(0);
        assertThat(cut.rejections().get(cut.rejections().size() - 1)).isEqualTo(damage);
        for (LogRecord kept : cut.records()) {
            assertThat(damage.position().record()).as("the damage comes after %s", kept.position())
                    .isGreaterThan(kept.position().record());
        }
    }

    @Test
    void overlongAndBinaryLinesAreRejectedAndTheRestParses() {
        if (!hasBehavior(FormatBehavior.READS_LINES)) {
            for (String fixture : fixtures()) {
                assertThat(parse(fixture, read(fixture)).readLines()).as(optOutBroken(FormatBehavior.READS_LINES,
                        "it read " + fixture + " through LogInput.lines()")).isFalse();
            }
            abort(optedOut(FormatBehavior.READS_LINES));
        }
        String name = lineOrientedFixture().orElseThrow(() -> new AssertionError(formatName() + " has READS_LINES, so "
                + "lineOrientedFixture() must name a fixture with one entry per line"));
        byte[] plain = read(name);
        ParsedObject original = parse(name, plain);
        String text = new String(plain, StandardCharsets.UTF_8);
        int lastLineStart = text.lastIndexOf('\n', text.length() - 2) + 1;
        String huge = "x".repeat(10 * 1024 * 1024);
        String binary = "\u0000\u0001\u0002garbage\u0000\u00ff";
        String damaged = text.substring(0, lastLineStart) + huge + "\n" + binary + "\n" + text.substring(lastLineStart);
        long hugeLine = text.substring(0, lastLineStart).chars().filter(c -> c == '\n').count() + 1;
        ParsedObject parsed = parse(name, damaged.getBytes(StandardCharsets.UTF_8));
        assertThat(parsed.readLines()).as("%s read %s through LogInput.lines()", formatName(), name).isTrue();
        assertThat(parsed.records()).hasSameSizeAs(original.records());
        assertThat(parsed.rejections()).hasSize(original.rejections().size() + 2);
        assertThat(withCode(parsed.rejections(), StandardErrorCode.TOO_LONG)).as("TOO_LONG rejections")
                .singleElement().satisfies(r -> assertThat(r.position().line()).isEqualTo(hugeLine));
        assertThat(withCode(parsed.rejections(), StandardErrorCode.BINARY_DATA)).as("BINARY_DATA rejections")
                .singleElement().satisfies(r -> assertThat(r.position().line()).isEqualTo(hugeLine + 1));
    }

    @Test
    void parsingIsDeterministic() {
        for (String name : fixtures()) {
            byte[] content = read(name);
            assertThat(GoldenJson.lines(parse(name, content))).as(name).isEqualTo(GoldenJson.lines(parse(name, content)));
        }
    }

    /** Parses a fixture with its options. */
    protected ParsedObject parse(String fixture, byte[] content) {
        return harness(optionsFor(fixture)).parse("file:/conformance/" + fixture, content);
    }

    protected FormatHarness harness(Map<String, ?> options) {
        return FormatHarness.of(formatName(), options);
    }

    /** Reads a fixture from the class path. */
    protected byte[] read(String fixture) {
        String resource = fixtureDirectory() + "/" + fixture;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("No fixture " + resource + " on the class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String optedOut(FormatBehavior behavior) {
        return "'" + formatName() + "' lacks " + behavior + " (" + behavior.description() + "), as "
                + getClass().getSimpleName() + ".hasBehavior declares; checked that it really does not";
    }

    private String optOutBroken(FormatBehavior behavior, String evidence) {
        return getClass().getSimpleName() + " declares that '" + formatName() + "' lacks " + behavior + " ("
                + behavior.description() + "), but " + evidence + "; remove the opt-out from hasBehavior";
    }

    private static List<Rejection> withCode(List<Rejection> rejections, StandardErrorCode code) {
        return rejections.stream().filter(r -> r.code().equals(code.toErrorCode())).toList();
    }

    private LogFormatFactory factory() {
        return FormatRegistry.discover().factory(formatName());
    }

    private Map<String, Object> requiredOptions(LogFormatFactory factory) {
        Map<String, Object> raw = new LinkedHashMap<>();
        for (OptionSpec spec : factory.options()) {
            if (spec.required()) {
                raw.put(spec.key(), "x");
            }
        }
        return raw;
    }

    private Map<String, Object> optionsFor(String fixture) {
        String resource = fixtureDirectory() + "/" + caseOf(fixture) + OPTIONS;
        Map<String, Object> options = new LinkedHashMap<>();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            if (in != null) {
                Properties properties = new Properties();
                properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                for (String key : properties.stringPropertyNames()) {
                    options.put(key, properties.getProperty(key));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return options;
    }

    private List<String> fixtures() {
        URL url = getClass().getClassLoader().getResource(fixtureDirectory());
        if (url == null) {
            throw new IllegalStateException("No fixture directory '" + fixtureDirectory() + "' on the class path");
        }
        try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
            return files.map(p -> p.getFileName().toString())
                    .filter(n -> !n.endsWith(EXPECTED) && !n.endsWith(OPTIONS) && !n.endsWith(".md"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String largestFixture() {
        return fixtures().stream().max((a, b) -> Integer.compare(read(a).length, read(b).length)).orElseThrow();
    }

    private List<String> resourceLines(String name) {
        String resource = fixtureDirectory() + "/" + name;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing golden file " + resource
                        + "; run once with -Dminerva.golden.update=true and review it line by line");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String caseOf(String fixture) {
        int dot = fixture.lastIndexOf('.');
        return dot < 0 ? fixture : fixture.substring(0, dot);
    }

    private static List<String> positionsOf(List<LogRecord> records) {
        return records.stream().map(r -> r.position().toString()).toList();
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(plain);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
