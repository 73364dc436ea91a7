package dev.minerva.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCodeTest {
    private static final Position LINE_3 = Position.ofLine(3);

    @Test
    void theConstructorsPluginsAlreadyUseGiveTheFallbackCodeOfTheirKind() {
        MinervaException external = new MinervaException(ErrorKind.EXTERNAL, "S3 is slow");
        assertThat(external.errorCode()).isEqualTo(StandardErrorCode.EXTERNAL_ERROR.toErrorCode());
        assertThat(external.kind()).isEqualTo(ErrorKind.EXTERNAL);
        assertThat(external.location()).isEmpty();
        assertThat(new MinervaException(ErrorKind.INTERNAL, "bug", new IllegalStateException()).errorCode().name())
                .isEqualTo("INTERNAL_ERROR");
        assertThat(MinervaException.userInput("bad").errorCode().name()).isEqualTo("USER_ERROR");
        assertThat(MinervaException.userInput("bad").kind()).isEqualTo(ErrorKind.USER_INPUT);
    }

    @Test
    void aCodedErrorTakesItsKindFromItsCodeAndKeepsItsMessageAndLocation() {
        ErrorCode own = new ErrorCode("VPCFLOW_NO_LAYOUT", ErrorKind.USER_INPUT);
        MinervaException error = new MinervaException(own, ErrorLocation.inText("minerva.yaml", 4, 9),
                "minerva.yaml:4:9: no layout");
        assertThat(error.errorCode()).isSameAs(own);
        assertThat(error.kind()).isEqualTo(ErrorKind.USER_INPUT);
        assertThat(error.location()).contains(ErrorLocation.inText("minerva.yaml", 4, 9));
        assertThat(error).hasMessage("minerva.yaml:4:9: no layout");
        assertThat(new MinervaException(StandardErrorCode.INVALID_OPTION, "x").kind()).isEqualTo(ErrorKind.USER_INPUT);
    }

    @Test
    void aRejectionWithoutACodeIsAMalformedEntryAndOneWithACodeKeepsIt() {
        Rejection uncoded = new Rejection(LINE_3, "expected 14 fields", "a b");
        assertThat(uncoded.code()).isEqualTo(StandardErrorCode.MALFORMED_ENTRY.toErrorCode());
        assertThat(uncoded.kind()).isEqualTo(ErrorKind.USER_INPUT);

        Rejection coded = new Rejection(StandardErrorCode.NOT_JSON, LINE_3, "invalid JSON at column 4", "{\"a\"");
        assertThat(coded.code().name()).isEqualTo("NOT_JSON");
        assertThat(coded.position()).isEqualTo(LINE_3);
        assertThat(coded).isEqualTo(new Rejection(StandardErrorCode.NOT_JSON.toErrorCode(), LINE_3,
                "invalid JSON at column 4", "{\"a\""));
    }

    @Test
    void codeNamesAreUpperCaseWordsJoinedByUnderscores() {
        for (String bad : new String[] {"", "not_json", "NOT-JSON", "_NOT", "NOT__JSON", "NOT JSON"}) {
            assertThatThrownBy(() -> new ErrorCode(bad, ErrorKind.USER_INPUT)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("upper-case words joined by '_'");
        }
        assertThat(new ErrorCode("VPCFLOW_V5_HEADER", ErrorKind.USER_INPUT)).hasToString("VPCFLOW_V5_HEADER");
    }

    @Test
    void theStandardCodesKeepTheirNamesBecauseClientsMatchOnThem() {
        assertThat(Arrays.stream(StandardErrorCode.values()).map(c -> c.toErrorCode().name())).containsExactly(
                "USER_ERROR", "EXTERNAL_ERROR", "INTERNAL_ERROR", "INVALID_OPTION", "MALFORMED_ENTRY", "NOT_JSON",
                "WRONG_JSON_TYPE", "MISSING_FIELD", "BAD_FIELD_VALUE", "WRONG_FIELD_COUNT", "BAD_HEADER",
                "MISSING_TIMESTAMP", "BAD_TIMESTAMP", "TOO_LONG", "BINARY_DATA", "DAMAGED_GZIP");
        for (ErrorKind kind : ErrorKind.values()) {
            assertThat(StandardErrorCode.of(kind).toErrorCode().kind()).isEqualTo(kind);
        }
    }

    @Test
    void aLocationPrintsAsPeopleWriteIt() {
        assertThat(ErrorLocation.inText("minerva.yaml", 12, 7)).hasToString("minerva.yaml:12:7");
        assertThat(ErrorLocation.atLine("s3://logs/a.log.gz", 4)).hasToString("s3://logs/a.log.gz:4");
        assertThat(ErrorLocation.of("s3://logs/a.log.gz")).hasToString("s3://logs/a.log.gz");
        assertThat(ErrorLocation.atColumn(7)).hasToString("column 7");
        assertThat(ErrorLocation.atColumn(7).columnNumber()).hasValue(7);
        assertThat(ErrorLocation.atColumn(7).resourceName()).isEmpty();
        assertThat(ErrorLocation.atColumn(7).lineNumber()).isEmpty();
        assertThatThrownBy(() -> new ErrorLocation("", 0, 0)).hasMessageContaining("needs a resource, a line or a column");
        assertThatThrownBy(() -> ErrorLocation.atColumn(0)).hasMessageContaining("column starts at 1");
    }
}
