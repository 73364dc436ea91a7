package dev.minerva.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.spi.ErrorCodeSupplier;
import dev.minerva.spi.StandardErrorCode;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class CoreErrorCodeTest {
    @Test
    void noCoreCodeTakesTheNameOfAStandardOne() {
        Stream<ErrorCodeSupplier> all = Stream.concat(Arrays.stream(StandardErrorCode.values()),
                Arrays.stream(CoreErrorCode.values()));
        assertThat(all.map(code -> code.toErrorCode().name())).doesNotHaveDuplicates();
    }

    @Test
    void theCodesTheApiSendsKeepTheirNames() {
        assertThat(Arrays.stream(CoreErrorCode.values()).map(c -> c.toErrorCode().name())).contains(
                "QUERY_SYNTAX", "EMPTY_QUERY", "INVALID_SOURCE_CONFIG", "UNKNOWN_FORMAT", "INVALID_REQUEST",
                "SEARCH_NOT_FOUND", "NO_ROUTE", "METHOD_NOT_ALLOWED", "REQUEST_REFUSED");
    }
}
