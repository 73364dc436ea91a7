package dev.minerva.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.core.config.SourceConfigLoader;
import dev.minerva.core.config.SourceRoute;
import dev.minerva.core.config.SourceRoutes;
import dev.minerva.core.format.FormatRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The sample sources file routes every format's documented S3 delivery path, and nothing it should not. */
class SampleRoutesTest {
    private static final SourceRoutes ROUTES = new SourceConfigLoader(FormatRegistry.discover())
            .load(IndexCommandTest.SAMPLES.resolve("minerva.yaml"));

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "s3://trail/AWSLogs/123456789012/CloudTrail/us-east-1/2024/03/21/123456789012_CloudTrail_us-east-1_20240321T1610Z_a1.json.gz, cloudtrail",
            "s3://trail/org/AWSLogs/o-abc123/123456789012/CloudTrail-Insight/us-east-1/2024/03/21/123456789012_CloudTrail-Insight_us-east-1_20240321T1625Z_x1.json.gz, cloudtrail",
            "s3://flows/AWSLogs/123456789012/vpcflowlogs/us-east-1/2024/03/21/123456789012_vpcflowlogs_us-east-1_fl-1_20240321T1610Z_h.log.gz, vpcflow",
            "s3://lb/prefix/AWSLogs/123456789012/elasticloadbalancing/us-east-2/2024/03/21/123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20240321T1610Z_172.160.001.192_20sg8hgm.log.gz, alb",
            "s3://lb/AWSLogs/123456789012/elasticloadbalancing/us-east-2/2024/03/21/123456789012_elasticloadbalancing_us-east-2_net.my-nlb.1234567890abcdef_20240321T1610Z_4d2f.log.gz, nlb",
            "s3://dns/AWSLogs/123456789012/vpcdnsquerylogs/vpc-7example/2024/03/21/123456789012_vpcdnsquerylogs_vpc-7example_20240321T1610Z_a1b2.log.gz, route53-resolver",
            "s3://aws-waf-logs-acl/AWSLogs/123456789012/WAFLogs/us-east-1/api-acl/2024/03/21/16/10/123456789012_waflogs_us-east-1_api-acl_20240321T1610Z_a1b2.log.gz, waf",
            "s3://aws-waf-logs-cdn/AWSLogs/123456789012/WAFLogs/cloudfront/cdn-acl/2024/03/21/16/10/123456789012_waflogs_cloudfront_cdn-acl_20240321T1610Z_a1b2.log.gz, waf",
            "s3://findings/guardduty/AWSLogs/123456789012/GuardDuty/us-east-1/2024/03/21/0d8b6f2e-1c9a-3b4d-a5e6-7f8091a2b3c4.jsonl.gz, guardduty",
            "s3://cdn-logs/cf/E2K2LNH4EXAMPLE.2019-12-04-21.6b2f1c3e.gz, cloudfront",
    })
    void documentedDeliveryPathsReachTheirFormat(String location, String format) {
        assertThat(ROUTES.route(location)).map(SourceRoute::formatName).contains(format);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "s3://trail/AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2024/03/21/123456789012_CloudTrail-Digest_us-east-1_t_us-east-1_20240321T1610Z.json.gz",
            "s3://lb/AWSLogs/123456789012/elasticloadbalancing/us-east-2/2024/03/21/conn_log.123456789012_elasticloadbalancing_us-east-2_app.my-loadbalancer.1234567890abcdef_20240321T1610Z_172.160.001.192_20sg8hgm.log.gz",
            "s3://lb/AWSLogs/123456789012/elasticloadbalancing/us-east-2/2024/03/21/123456789012_elasticloadbalancing_us-east-2_my-classic-lb_20240321T1610Z_172.160.001.192_20sg8hgm.log",
    })
    void objectsOfOtherShapesAreNotRouted(String location) {
        assertThat(ROUTES.route(location)).isEmpty();
    }
}
