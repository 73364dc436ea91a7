package dev.minerva.lambda;

import static java.util.Objects.requireNonNull;

import dev.minerva.aws.s3.S3Location;
import dev.minerva.core.api.PermissionRules;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The permission rules of the search Lambda: those of {@value SearchHandlerEnvironment#PERMISSIONS} (the stack
 * parameter) followed by those of the file at {@value SearchHandlerEnvironment#PERMISSIONS_LOCATION}, read again
 * every {@link #RELOAD} so that a revoked mapping stops working within minutes, not at the next cold start. With
 * neither, every caller is denied. A file that cannot be read or parsed denies every request (a 500 that names it)
 * rather than falling back to rules someone meant to replace.
 */
final class PermissionsSource implements Supplier<PermissionRules> {
    /** How long rules read from S3 are used before they are read again. */
    static final Duration RELOAD = Duration.ofMinutes(1);
    private static final Logger LOG = LoggerFactory.getLogger(PermissionsSource.class);

    private final String inline;
    private final Optional<S3Location> location;
    private final Supplier<S3Client> s3;
    private final Clock clock;
    private PermissionRules rules;
    private Instant readAt = Instant.MIN;

    PermissionsSource(Map<String, String> environment, Supplier<S3Client> s3, Clock clock) {
        requireNonNull(environment, "environment is null");
        this.inline = environment.getOrDefault(SearchHandlerEnvironment.PERMISSIONS, "");
        String where = environment.getOrDefault(SearchHandlerEnvironment.PERMISSIONS_LOCATION, "").strip();
        this.location = where.isEmpty() ? Optional.empty() : Optional.of(parseLocation(where));
        this.s3 = requireNonNull(s3, "s3 is null");
        this.clock = requireNonNull(clock, "clock is null");
        // The inline rules are checked at start-up: a typo in the stack parameter fails the cold start, loudly.
        PermissionRules.parse(inline, SearchHandlerEnvironment.PERMISSIONS);
        if (inline.isBlank() && location.isEmpty()) {
            LOG.warn("Neither {} nor {} is set: every caller of the search API is denied",
                    SearchHandlerEnvironment.PERMISSIONS, SearchHandlerEnvironment.PERMISSIONS_LOCATION);
        }
    }

    @Override
    public synchronized PermissionRules get() {
        Instant now = clock.instant();
        if (rules == null || location.isPresent() && !now.isBefore(readAt.plus(RELOAD))) {
            rules = read();
            readAt = now;
        }
        return rules;
    }

    private PermissionRules read() {
        String text = inline;
        String source = SearchHandlerEnvironment.PERMISSIONS;
        if (location.isPresent()) {
            S3Location file = location.get();
            try {
                String fileText = s3.get().getObjectAsBytes(r -> r.bucket(file.bucket()).key(file.key()))
                        .asString(StandardCharsets.UTF_8);
                // Line numbers in messages count from the file's first line: the inline rules come after it.
                text = fileText + "\n" + inline;
                source = file.toString() + " (then " + SearchHandlerEnvironment.PERMISSIONS + ")";
            } catch (SdkException e) {
                throw new MinervaException(ErrorKind.EXTERNAL, "Cannot read the permissions file " + file + ": "
                        + e.getMessage() + "; every request is refused until it can be read", e);
            }
        }
        PermissionRules parsed = PermissionRules.parse(text, source);
        LOG.info("Using {}", parsed);
        return parsed;
    }

    private static S3Location parseLocation(String where) {
        try {
            S3Location location = S3Location.parse(where);
            if (location.isPrefix()) {
                throw new IllegalArgumentException("it names a folder, not a file");
            }
            return location;
        } catch (RuntimeException e) {
            throw MinervaException.userInput(SearchHandlerEnvironment.PERMISSIONS_LOCATION + " '" + where
                    + "' is not an s3://bucket/key location: " + e.getMessage());
        }
    }
}
