package dev.minerva.core.api;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.query.TagPermissions;
import dev.minerva.core.CoreErrorCode;
import dev.minerva.spi.MinervaException;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Decides which tags the caller of a request may see. The transport says who the caller is
 * ({@link ApiRequest#caller()}); the {@value SearchApi#PERMITTED_TAGS} header is only trusted as far as the
 * deployment says it may be.
 */
public interface CallerPermissions {
    /** The caller's tags; throws {@link AccessDeniedException} when the request asks for more than it may see. */
    TagPermissions of(ApiRequest request);

    /** Every caller sees every tag and the header is ignored: one user on this machine, nothing in front. */
    static CallerPermissions everything() {
        return request -> TagPermissions.all();
    }

    /**
     * The header decides (absent, empty or {@code *}: every tag), as in the original, where a trusted proxy (the
     * original client's backend) set it for its signed-in users.
     */
    static CallerPermissions fromTrustedHeader() {
        return request -> header(request).orElseGet(TagPermissions::all);
    }

    /**
     * What the caller's identity is mapped to by {@code rules} (nothing when no rule maps it), narrowed by the
     * header when sent; a header naming a tag the identity may not see is refused, never obeyed.
     */
    static CallerPermissions fromIdentity(Supplier<PermissionRules> rules) {
        requireNonNull(rules, "rules is null");
        return request -> {
            TagPermissions identity = rules.get().permissions(request.caller());
            if (identity.permitsNothing()) {
                throw new AccessDeniedException("No tags are permitted to "
                        + (request.caller().isEmpty() ? "an unauthenticated caller" : request.caller())
                        + ": map it to tag patterns in the permissions configuration (" + PermissionRules.EXAMPLE + ")");
            }
            Optional<TagPermissions> asked = header(request);
            if (asked.isEmpty()) {
                return identity;
            }
            if (!identity.covers(asked.get())) {
                throw new AccessDeniedException(SearchApi.PERMITTED_TAGS + " '" + asked.get() + "' asks for more than "
                        + request.caller() + " may see (" + identity + "); the header may only narrow that");
            }
            return asked.get();
        };
    }

    /** The header's tags, or empty when it is absent, empty or {@code *} (no narrowing). */
    private static Optional<TagPermissions> header(ApiRequest request) {
        String header = request.header(SearchApi.PERMITTED_TAGS).orElse("").strip();
        TreeSet<String> tags = new TreeSet<>();
        for (String tag : header.split(",")) {
            String stripped = tag.strip();
            if (stripped.equals("*")) {
                return Optional.empty();
            }
            if (!stripped.isEmpty()) {
                tags.add(stripped);
            }
        }
        if (tags.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(TagPermissions.only(tags));
        } catch (IllegalArgumentException e) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, SearchApi.PERMITTED_TAGS + " '" + header + "': "
                    + e.getMessage());
        }
    }
}
