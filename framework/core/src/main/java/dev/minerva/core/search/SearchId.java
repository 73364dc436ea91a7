package dev.minerva.core.search;

import static java.util.Objects.requireNonNull;

import dev.minerva.core.CoreErrorCode;
import dev.minerva.spi.MinervaException;
import java.util.Locale;
import java.util.UUID;

/** The id a started search is known by: a random UUID, written in its canonical form. */
public record SearchId(UUID value) {
    public SearchId {
        requireNonNull(value, "value is null");
    }

    public static SearchId random() {
        return new SearchId(UUID.randomUUID());
    }

    /** Parses an id a caller sent; anything but a canonical UUID is a user error. */
    public static SearchId parse(String text) {
        requireNonNull(text, "text is null");
        try {
            UUID uuid = UUID.fromString(text);
            if (!uuid.toString().equals(text.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(text);
            }
            return new SearchId(uuid);
        } catch (IllegalArgumentException e) {
            throw new MinervaException(CoreErrorCode.INVALID_REQUEST, "Not a search id: '" + text + "' (expected a UUID such as "
                    + "123e4567-e89b-12d3-a456-426614174000)");
        }
    }

    /** A name usable as an SQL table name, unique to this search. */
    String tableName() {
        return "minerva_search_" + value.toString().replace("-", "");
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
