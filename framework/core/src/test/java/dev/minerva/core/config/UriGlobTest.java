package dev.minerva.core.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class UriGlobTest {
    @Test
    void singleStarStaysInsideOneSegmentAndDoubleStarCrossesSegments() {
        UriGlob glob = UriGlob.compile("s3://trail-bucket/AWSLogs/*/CloudTrail/**");
        assertThat(glob.matches("s3://trail-bucket/AWSLogs/123456789012/CloudTrail/us-east-1/2020/10/01/x.json.gz")).isTrue();
        assertThat(glob.matches("s3://trail-bucket/AWSLogs/o-1/123/CloudTrail/x.json.gz")).isFalse();
        assertThat(glob.matches("s3://other-bucket/AWSLogs/123456789012/CloudTrail/x.json.gz")).isFalse();
    }

    @Test
    void doubleStarSlashAlsoMatchesZeroSegments() {
        UriGlob glob = UriGlob.compile("file:/logs/**/*.log");
        assertThat(glob.matches("file:/logs/a.log")).isTrue();
        assertThat(glob.matches("file:/logs/x/y/a.log")).isTrue();
        assertThat(glob.matches("file:/logs/x/a.json")).isFalse();
    }

    @Test
    void regexCharactersAreLiteral() {
        UriGlob glob = UriGlob.compile("s3://b/a+b(c)/?.log");
        assertThat(glob.matches("s3://b/a+b(c)/1.log")).isTrue();
        assertThat(glob.matches("s3://b/aab(c)/1.log")).isFalse();
    }

    @Test
    void relativeFileGlobsResolveAgainstTheConfigurationDirectory() {
        assertThat(ObjectLocation.normalisePattern("file:logs/vpc/**", Path.of("/etc/minerva"))).isEqualTo("file:/etc/minerva/logs/vpc/**");
        assertThat(ObjectLocation.normalisePattern("file:///var/log/**", Path.of("/x"))).isEqualTo("file:/var/log/**");
        assertThat(ObjectLocation.normalisePattern("s3://b/**", Path.of("/x"))).isEqualTo("s3://b/**");
        assertThat(ObjectLocation.ofFile(Path.of("/var/log/../log/a.log"))).isEqualTo("file:/var/log/a.log");
    }
}
