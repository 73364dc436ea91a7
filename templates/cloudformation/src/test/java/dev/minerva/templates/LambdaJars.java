package dev.minerva.templates;

import java.nio.file.Path;

/** Where the reactor leaves the deployment JARs the templates deploy, seen from this module's directory. */
final class LambdaJars {
    /** The indexer and compactor handlers ({@code IndexerCodeKey}). */
    static final Path INDEXER = Path.of("../../runtime-lambda/target/minerva-lambda.jar");
    /** The search handler ({@code SearchCodeKey}). */
    static final Path SEARCH = Path.of("../../runtime-lambda/target/minerva-lambda.jar");

    private LambdaJars() {}
}
