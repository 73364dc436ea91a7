package dev.minerva.local;

import com.google.inject.CreationException;
import com.google.inject.ProvisionException;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code minerva} command: index, search, compact and serve a warehouse on one machine. */
@Command(name = "minerva", mixinStandardHelpOptions = true, versionProvider = MinervaCli.Version.class,
        description = "Index AWS logs into a Parquet warehouse and search them, on one machine.",
        subcommands = {FormatsCommand.class, IndexCommand.class, SearchCommand.class, CompactCommand.class, ServeCommand.class,
                CommandLine.HelpCommand.class})
public final class MinervaCli {
    @Option(names = "--plugins", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = "A directory of drop-in format plugin JARs (repeatable; also MINERVA_PLUGINS, separated by ':').")
    List<Path> pluginDirectories = new ArrayList<>();

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces with errors.")
    boolean debug;

    /** Exit status for a usage error, as picocli reports it. */
    static final int USAGE = 2;

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns the exit status: 0 success, 1 failure, 2 usage error. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        MinervaCli cli = new MinervaCli();
        CommandLine line = new CommandLine(cli);
        line.setOut(out);
        line.setErr(err);
        line.setExecutionExceptionHandler((thrown, commandLine, parseResult) -> {
            boolean debug = cli.debug;
            Exception e = unwrapInjection(thrown);
            if (e instanceof MinervaException m) {
                // The code goes last, so the line still starts with what went wrong; scripts can match the code.
                err.println("minerva: " + m.getMessage() + " [" + m.errorCode().name() + "]");
            } else {
                err.println("minerva: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            }
            if (debug) {
                e.printStackTrace(err);
            } else if (!(e instanceof MinervaException m && m.kind() == ErrorKind.USER_INPUT)) {
                err.println("(run with --debug for the stack trace)");
            }
            err.flush();
            return 1;
        });
        return line.execute(args);
    }

    /**
     * The Minerva error inside a failure of Guice to build an object (a refused plugin JAR, say), so the user reads
     * that error alone and not Guice's report around it.
     */
    private static Exception unwrapInjection(Exception e) {
        if (e instanceof ProvisionException || e instanceof CreationException) {
            for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
                if (cause instanceof MinervaException m) {
                    return m;
                }
            }
        }
        return e;
    }

    /** Plugin directories from the option and the environment, in that order. */
    List<Path> plugins() {
        List<Path> all = new ArrayList<>(pluginDirectories);
        String env = System.getenv("MINERVA_PLUGINS");
        if (env != null && !env.isBlank()) {
            for (String part : env.split(":")) {
                if (!part.isBlank()) {
                    all.add(Path.of(part));
                }
            }
        }
        return all;
    }

    /** Reports the version from the JAR manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = MinervaCli.class.getPackage().getImplementationVersion();
            return new String[] {"minerva " + (version == null ? "(development build)" : version)};
        }
    }
}
