package dev.minerva.templates;

import java.nio.file.Path;

/** Where the reactor leaves the deployment JARs the templates deploy, seen from this module's directory. */
final class LambdaJars {
    /** The indexer and compactor handlers ({@code IndexerCodeKey}). */
    static final Path INDEXER = ShadedJarMatchesTheTemplateIT.INDEXER_JAR;
    /** The search handler ({@code SearchCodeKey}). */
    static final Path SEARCH = ShadedJarMatchesTheTemplateIT.SEARCH_JAR;

    private LambdaJars() {}
}
