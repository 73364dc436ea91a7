package dev.minerva.core.query;

import dev.minerva.spi.MinervaException;
import java.util.regex.Pattern;

/** Table names come from configuration, not queries, but are still checked: they are the only SQL text not bound. */
final class SqlIdentifiers {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern QUALIFIED = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*){0,2}");

    private SqlIdentifiers() {
    }

    static String checkIdentifier(String name) {
        if (!IDENTIFIER.matcher(name).matches()) {
            throw MinervaException.userInput("Invalid SQL identifier '" + name
                    + "': use letters, digits and '_', starting with a letter or '_'");
        }
        return name;
    }

    static String checkQualifiedName(String name) {
        if (!QUALIFIED.matcher(name).matches()) {
            throw MinervaException.userInput("Invalid table name '" + name
                    + "': use up to three dot-separated identifiers of letters, digits and '_'");
        }
        return name;
    }
}
