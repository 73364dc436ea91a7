package dev.minerva.local.bench;

/** The raw formats the generator writes, each in its own folder under the data set. */
public enum LogKind {
    CLOUDTRAIL("cloudtrail", "cloudtrail", false),
    VPC_FLOW_V2("vpcflow/v2", "vpcflow", true),
    VPC_FLOW_V5("vpcflow/v5", "vpcflow", true),
    SYSLOG_JSON("syslog", "syslog-json", true);

    private final String folder;
    private final String format;
    private final boolean linePerRecord;

    LogKind(String folder, String format, boolean linePerRecord) {
        this.folder = folder;
        this.format = format;
        this.linePerRecord = linePerRecord;
    }

    public String folder() {
        return folder;
    }

    /** The Minerva format that reads it. */
    public String format() {
        return format;
    }

    /** Whether one raw line is one record (a line count is a record count); CloudTrail files are one line each. */
    public boolean linePerRecord() {
        return linePerRecord;
    }
}
