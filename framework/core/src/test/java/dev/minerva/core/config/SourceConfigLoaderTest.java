package dev.minerva.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.core.format.FormatRegistry;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.ErrorLocation;
import dev.minerva.spi.MinervaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SourceConfigLoaderTest {
    private final SourceConfigLoader loader = new SourceConfigLoader(FormatRegistry.discover());

    @TempDir
    Path temp;

    @Test
    void firstMatchingSourceWinsInFileOrder() {
        SourceRoutes routes = parse("""
                sources:
                  - name: special
                    match: s3://logs/app/special/**
                    format: test-lines
                    tag: app.special
                    options:
                      mode: upper
                      limit: 5
                      strict: true
                      columns: [a, b]
                  - match: s3://logs/app/**
                    format: test-lines
                """);
        assertThat(routes.route("s3://logs/app/special/2020/x.log")).get().satisfies(r -> {
            assertThat(r.name()).isEqualTo("special");
            assertThat(r.tag()).isEqualTo("app.special");
            assertThat(r.options().asMap()).containsEntry("mode", "upper").containsEntry("limit", 5)
                    .containsEntry("strict", true).containsEntry("columns", List.of("a", "b"));
            assertThat(r.definedAt()).isEqualTo("minerva.yaml:2:5");
        });
        assertThat(routes.route("s3://logs/app/other/x.log")).get().satisfies(r -> {
            assertThat(r.name()).isEqualTo("source #2");
            assertThat(r.tag()).as("the format's default tag").isEqualTo("test.lines");
            assertThat(r.options().asMap()).containsEntry("limit", 1000).containsEntry("mode", "plain").doesNotContainKey("columns");
            assertThat(r.maxEntryBytes()).isEqualTo(SourceRoutes.DEFAULT_MAX_ENTRY_BYTES);
        });
        assertThat(routes.route("s3://elsewhere/x.log")).isEmpty();
    }

    @Test
    void relativeFileGlobsResolveAgainstTheConfigurationFile() throws Exception {
        Path config = temp.resolve("conf/minerva.yaml");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "sources:\n  - match: file:logs/**\n    format: test-lines\n");
        SourceRoutes routes = loader.load(config);
        assertThat(routes.route(ObjectLocation.ofFile(temp.resolve("conf/logs/a/b.log")))).isPresent();
        assertThat(routes.route(ObjectLocation.ofFile(temp.resolve("logs/b.log")))).isEmpty();
    }

    @Test
    void unknownKeyNamesFileLineAndTheValidKeys() {
        assertError("""
                sources:
                  - match: s3://b/**
                    formt: test-lines
                """, "minerva.yaml:3:5: unknown key 'formt' in source #1. Valid keys: name, match, format, tag, max-entry-bytes, options");
    }

    @Test
    void unknownTopLevelKeyIsAnError() {
        assertError("sources:\n  - match: s3://b/**\n    format: test-lines\nsauces: []\n", "minerva.yaml:4:1: unknown key 'sauces' in the top level. Valid keys: sources");
    }

    @Test
    void unknownFormatListsTheAvailableFormats() {
        assertError("""
                sources:
                  - name: flows
                    match: s3://b/**
                    format: vpcflow2
                """, "minerva.yaml:4:13: unknown format 'vpcflow2' in source 'flows'. Available formats: test-lines");
    }

    @Test
    void missingMatchOrFormatIsAnError() {
        assertError("sources:\n  - format: test-lines\n", "minerva.yaml:2:5: source #1 needs the key 'match'");
        assertError("sources:\n  - match: s3://b/**\n", "minerva.yaml:2:5: source #1 needs the key 'format': one of: test-lines");
    }

    @Test
    void wrongOptionTypeNamesTheLineAndWhatIsValid() {
        assertError("""
                sources:
                  - match: s3://b/**
                    format: test-lines
                    options:
                      limit: lots
                """, "minerva.yaml:5:7: source #1: option 'limit' of format 'test-lines' must be an integer, not 'lots'");
        assertError("""
                sources:
                  - match: s3://b/**
                    format: test-lines
                    options:
                      mode: sideways
                """, "minerva.yaml:5:7: source #1: option 'mode' of format 'test-lines' must be one of plain, upper, not 'sideways'");
        assertError("""
                sources:
                  - match: s3://b/**
                    format: test-lines
                    options:
                      strict: maybe
                """, "must be true or false, not 'maybe'");
    }

    @Test
    void unknownOptionListsTheFormatsOptions() {
        assertError("""
                sources:
                  - match: s3://b/**
                    format: test-lines
                    options:
                      colour: red
                """, "minerva.yaml:5:7: source #1: unknown option 'colour' for format 'test-lines'. Valid options: prefix (a string), limit (an integer)");
    }

    @Test
    void valueTheFormatRefusesIsReportedWithTheSource() {
        assertError("""
                sources:
                  - match: s3://b/**
                    format: test-lines
                    options:
                      prefix: "hey!"
                """, "minerva.yaml:5:7: source #1: option 'prefix' must not contain '!'");
    }

    @Test
    void badMatchSchemeAndBadLimitsAreErrors() {
        assertError("sources:\n  - match: /var/log/**\n    format: test-lines\n", "minerva.yaml:2:12: 'match' of source #1 must start with s3:// or file:");
        assertError("sources:\n  - match: s3://b/**\n    format: test-lines\n    max-entry-bytes: -5\n", "'max-entry-bytes' of source #1 must be a positive integer");
    }

    @Test
    void yamlSyntaxErrorsAndEmptyFilesAreReportedWithPosition() {
        assertError("sources:\n  - match: [s3://b\n", "minerva.yaml:");
        assertError("", "minerva.yaml: the file is empty; it needs a 'sources' list");
        assertError("sources: []\n", "minerva.yaml:1:10: 'sources' must be a non-empty list");
        assertError("sources:\n  - match: s3://b/**\n    format: test-lines\n    format: test-lines\n", "minerva.yaml:4:5:");
    }

    @Test
    void aMistakeCarriesItsCodeAndTheFileLineAndColumnAsData() {
        assertLocated("sources:\n  - match: s3://b/**\n    formt: test-lines\n", "INVALID_SOURCE_CONFIG",
                ErrorLocation.inText("minerva.yaml", 3, 5));
        assertLocated("sources:\n  - match: s3://b/**\n    format: test-lines\n    options:\n      limit: lots\n",
                "INVALID_OPTION", ErrorLocation.inText("minerva.yaml", 5, 7));
        assertLocated("sources:\n  - match: s3://b/**\n    format: test-lines\n    options:\n      colour: red\n",
                "INVALID_OPTION", ErrorLocation.inText("minerva.yaml", 5, 7));
        assertLocated("sources:\n  - match: [s3://b\n", "INVALID_SOURCE_CONFIG", ErrorLocation.inText("minerva.yaml", 3, 1));
        assertLocated("", "INVALID_SOURCE_CONFIG", ErrorLocation.of("minerva.yaml"));
    }

    @Test
    void aFileThatCannotBeReadIsNamedAsTheLocation() {
        Path missing = temp.resolve("absent.yaml");
        assertThatThrownBy(() -> loader.load(missing))
                .isInstanceOfSatisfying(MinervaException.class, e -> {
                    assertThat(e.errorCode().name()).isEqualTo("INVALID_SOURCE_CONFIG");
                    assertThat(e.location()).contains(ErrorLocation.of(missing.toString()));
                });
    }

    private void assertLocated(String yaml, String code, ErrorLocation location) {
        assertThatThrownBy(() -> parse(yaml))
                .as(yaml)
                .isInstanceOfSatisfying(MinervaException.class, e -> {
                    assertThat(e.errorCode().name()).isEqualTo(code);
                    assertThat(e.kind()).isEqualTo(ErrorKind.USER_INPUT);
                    assertThat(e.location()).contains(location);
                });
    }

    private SourceRoutes parse(String yaml) {
        return loader.parse(yaml, "minerva.yaml", temp);
    }

    private void assertError(String yaml, String message) {
        assertThatThrownBy(() -> parse(yaml))
                .isInstanceOf(MinervaException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((MinervaException) e).kind()).isEqualTo(ErrorKind.USER_INPUT));
    }
}
