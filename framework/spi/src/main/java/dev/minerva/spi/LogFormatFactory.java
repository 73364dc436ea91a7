package dev.minerva.spi;

import java.util.List;

/**
 * The entry point of a log-format plugin, found by {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.minerva.spi.LogFormatFactory}.
 */
public interface LogFormatFactory {
    /** The unique name users type in configuration: lower-case words separated by dashes, such as {@code vpcflow}. */
    String name();

    /** One line saying what the format reads. */
    String description();

    /** The tag records get when the source configuration gives none, such as {@code aws.vpcflow}. */
    String defaultTag();

    /** The options this format accepts. */
    List<OptionSpec> options();

    /**
     * Builds a format from checked options. Throws a {@link MinervaException} of kind {@link ErrorKind#USER_INPUT}
     * naming the option when a value is well-typed but still unusable (a bad date-time pattern, say).
     */
    LogFormat create(FormatOptions options);
}
