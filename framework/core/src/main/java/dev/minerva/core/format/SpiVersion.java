package dev.minerva.core.format;

import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.LogFormatFactory;
import dev.minerva.spi.MinervaException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version of the plugin contract, {@code MAJOR.MINOR}. A plugin built for {@code M.m} runs on a host with SPI
 * {@code M.n} when {@code n >= m}: within a major version the SPI only grows (new types, default methods, enum
 * constants), so what a plugin was compiled against is still there; a new major version removed or changed something.
 */
public record SpiVersion(int major, int minor) implements Comparable<SpiVersion> {
    /** The manifest attribute of a plugin JAR that names the SPI version it was built for. */
    public static final String MANIFEST_ATTRIBUTE = "Minerva-SPI-Version";

    private static final Pattern TEXT = Pattern.compile("(\\d{1,6})\\.(\\d{1,6})");
    private static final String RESOURCE = "spi-version.properties";

    public SpiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("SPI version parts must not be negative: " + major + "." + minor);
        }
    }

    /** Reads {@code 1.0}; empty for anything else, so the caller can say where the bad text came from. */
    public static Optional<SpiVersion> parse(String text) {
        Matcher m = TEXT.matcher(text.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new SpiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
    }

    /** The version of the SPI classes this process runs with, as written into the SPI JAR by its build. */
    public static SpiVersion current() {
        // Read through the SPI's own class, so it is the SPI JAR's file even inside a shaded runtime JAR.
        try (InputStream in = LogFormatFactory.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new MinervaException(ErrorKind.INTERNAL, "The SPI on the class path has no dev/minerva/spi/" + RESOURCE
                        + "; it was not built by the Minerva build");
            }
            Properties properties = new Properties();
            properties.load(in);
            String text = properties.getProperty("version", "");
            return parse(text).orElseThrow(() -> new MinervaException(ErrorKind.INTERNAL, "dev/minerva/spi/" + RESOURCE
                    + " holds the version '" + text + "'; expected MAJOR.MINOR such as 1.0"));
        } catch (IOException e) {
            throw new MinervaException(ErrorKind.INTERNAL, "Cannot read dev/minerva/spi/" + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Whether a plugin built for {@code builtFor} can run on a host with this SPI version. */
    public boolean runs(SpiVersion builtFor) {
        return major == builtFor.major && minor >= builtFor.minor;
    }

    @Override
    public int compareTo(SpiVersion other) {
        return major != other.major ? Integer.compare(major, other.major) : Integer.compare(minor, other.minor);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
