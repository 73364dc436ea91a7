package dev.minerva.testkit.formats;

import dev.minerva.spi.FormatOptions;
import dev.minerva.spi.LogFormat;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.OptionSpec;
import dev.minerva.spi.Position;
import dev.minerva.spi.Rejection;
import dev.minerva.spi.StandardErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The same "epoch-seconds text" entries, but the object is read as one document from its stream and split here,
 * as a format of JSON documents would: a format without the framework's line framing.
 */
public final class EpochDocumentFormatFactory implements LogFormatFactory {
    @Override
    public String name() {
        return "kit-epoch-document";
    }

    @Override
    public String description() {
        return "A document of 'epoch-seconds text' entries, for the kit's own tests";
    }

    @Override
    public String defaultTag() {
        return "kit.document";
    }

    @Override
    public List<OptionSpec> options() {
        return List.of();
    }

    @Override
    public LogFormat create(FormatOptions options) {
        return (input, sink) -> {
            String document = new String(input.stream().readAllBytes(), StandardCharsets.UTF_8);
            long number = 0;
            for (String entry : document.split("\n", -1)) {
                number++;
                if (entry.isBlank()) {
                    continue;
                }
                Position position = Position.ofLine(number);
                EpochLinesFormatFactory.EpochText.parse(entry, position, input.tag(), 0).ifPresentOrElse(sink::accept,
                        () -> sink.reject(new Rejection(StandardErrorCode.BAD_TIMESTAMP, position,
                                "expected epoch seconds first", entry)));
            }
        };
    }
}
