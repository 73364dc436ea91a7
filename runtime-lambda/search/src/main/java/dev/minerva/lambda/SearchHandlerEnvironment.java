package dev.minerva.lambda;

import dev.minerva.aws.athena.AthenaSettings;
import dev.minerva.aws.s3.S3Settings;
import java.util.List;

/** The environment variables of the search Lambda, for the deployment templates. */
public final class SearchHandlerEnvironment {
    /** Required: the Athena workgroup (engine version 3). */
    public static final String ATHENA_WORKGROUP = AthenaSettings.WORKGROUP_VARIABLE;
    /** Required: {@code s3://bucket/prefix/} for query results and {@code searches/<id>/} (lifecycle: 1 day). */
    public static final String ATHENA_OUTPUT = AthenaSettings.OUTPUT_VARIABLE;
    /** Required: the Glue database with minerva_terms, minerva_messages and minerva_search_keys. */
    public static final String ATHENA_DATABASE = AthenaSettings.DATABASE_VARIABLE;
    /** Optional: the data catalog, AwsDataCatalog by default. */
    public static final String ATHENA_CATALOG = AthenaSettings.CATALOG_VARIABLE;
    /**
     * Which callers may see which tags: rules {@code <caller pattern> = <tag pattern>, …} separated by {@code ;} or
     * new lines (see {@link dev.minerva.core.api.PermissionRules}). With neither this nor
     * {@link #PERMISSIONS_LOCATION}, every caller is denied.
     */
    public static final String PERMISSIONS = "MINERVA_PERMISSIONS";
    /** Optional: {@code s3://bucket/key} of a file of such rules, read again every minute. */
    public static final String PERMISSIONS_LOCATION = "MINERVA_PERMISSIONS_LOCATION";
    /** Optional, tests only: an Athena endpoint override. */
    public static final String ATHENA_ENDPOINT = AthenaSettings.ENDPOINT_VARIABLE;
    /** Optional, tests only: an S3 endpoint override and path-style addressing. */
    public static final String S3_ENDPOINT = S3Settings.ENDPOINT_VARIABLE;
    public static final String S3_PATH_STYLE = S3Settings.PATH_STYLE_VARIABLE;
    /**
     * Optional: Athena finds the warehouse's files through the Glue tables, but every search first checks the
     * warehouse's layout record ({@code layout.json}) here, so it never reads files of a layout it does not know.
     */
    public static final String WAREHOUSE = "MINERVA_WAREHOUSE";

    /** Every variable above, required ones first. */
    public static final List<String> ALL = List.of(ATHENA_WORKGROUP, ATHENA_OUTPUT, ATHENA_DATABASE, ATHENA_CATALOG,
            PERMISSIONS, PERMISSIONS_LOCATION, ATHENA_ENDPOINT, S3_ENDPOINT, S3_PATH_STYLE, WAREHOUSE);

    private SearchHandlerEnvironment() {}
}
