package dev.minerva.toolkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampFormatTest {
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    @Test
    void iso8601ReadsWhatLoggersWrite() {
        TimestampFormat iso = TimestampFormat.iso8601(ZoneOffset.UTC);
        assertThat(iso.parse("2024-05-06T07:08:09Z")).contains(Instant.parse("2024-05-06T07:08:09Z"));
        assertThat(iso.parse("2024-05-06T07:08:09.123456789+02:00")).contains(Instant.parse("2024-05-06T05:08:09.123456789Z"));
        assertThat(iso.parse("2024-05-06 07:08:09+0200")).contains(Instant.parse("2024-05-06T05:08:09Z"));
        assertThat(iso.parse("2024-05-06T07:08")).contains(Instant.parse("2024-05-06T07:08:00Z"));
        assertThat(iso.parse("yesterday")).isEmpty();
        assertThat(iso.parse(1714979289L)).isEmpty();
        assertThat(iso.name()).isEqualTo("iso-8601");
    }

    @Test
    void timesWithoutAnOffsetUseTheGivenZone() {
        assertThat(TimestampFormat.iso8601(BERLIN).parse("2024-05-06T07:08:09")).contains(Instant.parse("2024-05-06T05:08:09Z"));
    }

    @Test
    void epochUnitsReadNumbersAndDigitStringsExactly() {
        assertThat(TimestampFormat.of("epoch-seconds", ZoneOffset.UTC, "k", "f").parse(new BigDecimal("1714979289.123456789")))
                .contains(Instant.parse("2024-05-06T07:08:09.123456789Z"));
        assertThat(TimestampFormat.of("epoch-millis", ZoneOffset.UTC, "k", "f").parse("1714979289123"))
                .contains(Instant.parse("2024-05-06T07:08:09.123Z"));
        assertThat(TimestampFormat.of("epoch-nanos", ZoneOffset.UTC, "k", "f").parse(new BigInteger("1714979289123456789")))
                .contains(Instant.parse("2024-05-06T07:08:09.123456789Z"));
        assertThat(TimestampFormat.of("epoch-micros", ZoneOffset.UTC, "k", "f").parse("soon")).isEmpty();
    }

    @Test
    void aPatternReadsItsOwnLayoutInTheGivenZone() {
        TimestampFormat pattern = TimestampFormat.of("dd/MM/yyyy HH:mm:ss", BERLIN, "k", "f");
        assertThat(pattern.parse("06/05/2024 07:08:09")).contains(Instant.parse("2024-05-06T05:08:09Z"));
        assertThat(pattern.example()).isEqualTo("matching the pattern 'dd/MM/yyyy HH:mm:ss'");
    }

    @Test
    void badOptionValuesAreUserErrorsNamingTheOptionAndTheChoices() {
        assertThatThrownBy(() -> TimestampFormat.of("epoch-milis", ZoneOffset.UTC, "timestamp-format", "my-format"))
                .isInstanceOf(MinervaException.class)
                .satisfies(e -> assertThat(((MinervaException) e).kind()).isEqualTo(ErrorKind.USER_INPUT))
                .hasMessageStartingWith("Option 'timestamp-format' of format 'my-format' is 'epoch-milis', which is not a known timestamp format")
                .hasMessageContaining("iso-8601, epoch-seconds, epoch-millis, epoch-micros, epoch-nanos");
        assertThatThrownBy(() -> TimestampFormat.of("HH:mm", ZoneOffset.UTC, "timestamp-format", "my-format"))
                .hasMessageContaining("does not give a full date");
    }
}
