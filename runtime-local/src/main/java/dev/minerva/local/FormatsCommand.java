package dev.minerva.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.minerva.core.format.FormatProvider;
import dev.minerva.core.format.FormatRegistry;
import dev.minerva.spi.OptionSpec;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code minerva formats}: the discovered log formats, their options, and where each came from. */
@Command(mixinStandardHelpOptions = true, name = "formats", description = "List the log formats and where each came from.")
final class FormatsCommand implements Callable<Integer> {
    @ParentCommand
    MinervaCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--output", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE}).")
    OutputMode output;

    @Override
    public Integer call() throws Exception {
        FormatRegistry registry = FormatRegistry.discover(MinervaCli.class.getClassLoader(), cli.plugins());
        PrintWriter out = spec.commandLine().getOut();
        if (output == OutputMode.json) {
            ObjectMapper mapper = new ObjectMapper();
            for (FormatProvider provider : registry.providers()) {
                ObjectNode node = mapper.createObjectNode();
                node.put("name", provider.name());
                node.put("description", provider.factory().description());
                node.put("default_tag", provider.factory().defaultTag());
                node.put("origin", provider.origin());
                node.put("drop_in", provider.dropIn());
                ArrayNode options = node.putArray("options");
                for (OptionSpec option : provider.factory().options()) {
                    ObjectNode o = options.addObject();
                    o.put("key", option.key());
                    o.put("type", option.type().name().toLowerCase(java.util.Locale.ROOT));
                    option.defaultValue().ifPresent(d -> o.put("default", d));
                    o.put("required", option.required());
                    o.put("description", option.description());
                    if (!option.choices().isEmpty()) {
                        option.choices().forEach(o.putArray("choices")::add);
                    }
                }
                out.println(mapper.writeValueAsString(node));
            }
        } else {
            // Columns as wide as the longest name and tag, so a drop-in format with a long name keeps the table aligned.
            int nameWidth = registry.providers().stream().mapToInt(p -> p.name().length()).max().orElse(0);
            int tagWidth = registry.providers().stream().mapToInt(p -> p.factory().defaultTag().length()).max().orElse(0);
            String row = "%-" + Math.max(1, nameWidth) + "s %-" + Math.max(1, tagWidth) + "s %s%n";
            String indent = " ".repeat(nameWidth);
            for (FormatProvider provider : registry.providers()) {
                out.printf(row, provider.name(), provider.factory().defaultTag(), provider.factory().description());
                out.printf("%s from %s%n", indent, provider.origin());
                for (OptionSpec option : provider.factory().options()) {
                    out.printf("%s   %-18s %s%s%n", indent, option.key(), option.description(),
                            option.defaultValue().map(d -> " (default: " + d + ")").orElse(option.required() ? " (required)" : ""));
                }
            }
        }
        out.flush();
        return 0;
    }
}
