package dev.minerva.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What a production deployment needs, read from the templates where moto does not model it: tags, documented and
 * grouped parameters, partition-aware ARNs, KMS, alarms that notify, concurrency, SnapStart, architecture, API access
 * logs and throttling, and the data bucket's versioning, access logs and lifecycle.
 */
class TemplatePropertiesTest {
    private static final Map<String, Object> MAIN = Templates.load(Templates.MAIN);
    private static final Map<String, Object> DATA = Templates.load(Templates.DATA_BUCKET);

    /** Types whose CloudFormation schema has no Tags property (checked against cfn-lint 1.51's bundled schemas). */
    private static final Set<String> UNTAGGABLE = Set.of("AWS::SQS::QueuePolicy", "AWS::S3::BucketPolicy", "AWS::SNS::Subscription",
            "AWS::Glue::Database", "AWS::Glue::Table", "AWS::Lambda::Version", "AWS::Lambda::Alias", "AWS::Lambda::Permission",
            "AWS::ApiGateway::Resource", "AWS::ApiGateway::Method", "AWS::ApiGateway::Deployment", "AWS::ApiGateway::Account",
            "AWS::CloudFormation::WaitConditionHandle", "AWS::ApiGateway::UsagePlanKey", "AWS::IAM::Policy");

    private static final Map<String, Object> ALARM_TARGET = Map.of("Fn::If", List.of("CreateAlarmTopic", Map.of("Ref", "AlarmTopic"),
            Map.of("Ref", "AlarmTopicArn")));

    @ParameterizedTest
    @ValueSource(strings = {"minerva.yaml", "data-bucket.yaml"})
    @SuppressWarnings("unchecked")
    void everyResourceThatTakesTagsIsTaggedWithItsStackAndComponent(String file) {
        Map<String, Object> template = Templates.load(Path.of(file));
        SoftAssertions softly = new SoftAssertions();
        Templates.resources(template).forEach((id, body) -> {
            Map<String, Object> resource = (Map<String, Object>) body;
            if (!UNTAGGABLE.contains(resource.get("Type"))) {
                List<Map<String, Object>> tags = (List<Map<String, Object>>) ((Map<String, Object>) resource.get("Properties")).get("Tags");
                softly.assertThat(tags).as("tags of %s", id).isNotNull();
                if (tags != null) {
                    softly.assertThat(tags).as("tags of %s", id).extracting(t -> t.get("Key")).contains("minerva:stack", "minerva:component");
                }
            }
        });
        softly.assertAll();
    }

    @ParameterizedTest
    @ValueSource(strings = {"minerva.yaml", "data-bucket.yaml"})
    @SuppressWarnings("unchecked")
    void everyParameterIsDescribedAndInExactlyOneGroup(String file) {
        Map<String, Object> template = Templates.load(Path.of(file));
        Map<String, Object> parameters = Templates.section(template, "Parameters");
        Map<String, Object> iface = (Map<String, Object>) Templates.section(template, "Metadata").get("AWS::CloudFormation::Interface");
        List<String> grouped = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) iface.get("ParameterGroups")) {
            grouped.addAll((List<String>) group.get("Parameters"));
        }
        assertThat(grouped).containsExactlyInAnyOrderElementsOf(parameters.keySet());
        parameters.forEach((name, body) -> assertThat(((Map<String, Object>) body).get("Description"))
                .as("description of %s", name).asString().hasSizeGreaterThan(20));
    }

    @ParameterizedTest
    @ValueSource(strings = {"minerva.yaml", "data-bucket.yaml"})
    void noArnInTheResourcesOrOutputsHardCodesThePartition(String file) {
        Map<String, Object> template = Templates.load(Path.of(file));
        List<String> strings = new ArrayList<>();
        collectStrings(Templates.resources(template), strings);
        collectStrings(Templates.section(template, "Outputs"), strings);
        assertThat(strings).noneMatch(s -> s.contains("arn:aws:") || s.contains("arn:aws-"));
        assertThat(strings).filteredOn(s -> s.startsWith("arn:")).allMatch(s -> s.startsWith("arn:${AWS::Partition}:"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyAlarmNotifiesTheAlarmTopicWhenItFiresAndWhenItClears() {
        Map<String, Map<String, Object>> alarms = Templates.ofType(MAIN, "AWS::CloudWatch::Alarm");
        List<String> covered = new ArrayList<>();
        alarms.forEach((id, alarm) -> {
            Map<String, Object> properties = (Map<String, Object>) alarm.get("Properties");
            assertThat(properties.get("AlarmActions")).as("AlarmActions of %s", id).isEqualTo(List.of(ALARM_TARGET));
            assertThat(properties.get("OKActions")).as("OKActions of %s", id).isEqualTo(List.of(ALARM_TARGET));
            Object dimension = ((List<Map<String, Object>>) properties.get("Dimensions")).get(0).get("Value");
            covered.add(properties.get("MetricName") + " " + Templates.references(dimension).stream()
                    .filter(Templates.resources(MAIN)::containsKey).findFirst().orElse("api"));
        });
        assertThat(covered).contains("Errors IndexerFunction", "Throttles IndexerFunction", "Errors CompactorFunction",
                "Throttles CompactorFunction", "Invocations CompactorFunction", "Errors SearchFunction", "Throttles SearchFunction",
                "ApproximateNumberOfMessagesVisible IndexerDeadLetterQueue", "ApproximateAgeOfOldestMessage IndexerQueue", "5XXError api");
        assertThat(Templates.properties(MAIN, "AlarmTopic").get("Subscription")).isEqualTo(Map.of("Fn::If", List.of("HasAlarmEmail",
                List.of(Map.of("Protocol", "email", "Endpoint", Map.of("Ref", "AlarmEmail"))), Map.of("Ref", "AWS::NoValue"))));
        assertThat(((Map<String, Object>) MAIN.get("Resources")).get("AlarmTopic")).extracting(r -> ((Map<?, ?>) r).get("Condition"))
                .isEqualTo("CreateAlarmTopic");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCompactorNotRunningCountsMissingDataAsTheFailure() {
        assertThat(Templates.properties(MAIN, "CompactorNotRunningAlarm")).containsEntry("TreatMissingData", "breaching")
                .containsEntry("ComparisonOperator", "LessThanThreshold");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSqsTriggerIsCappedAndReservedConcurrencyIsOptional() {
        Map<String, Object> scaling = (Map<String, Object>) Templates.properties(MAIN, "IndexerEventSource").get("ScalingConfig");
        assertThat(scaling).isEqualTo(Map.of("MaximumConcurrency", Map.of("Ref", "IndexerMaximumConcurrency")));
        assertThat(Templates.properties(MAIN, "IndexerFunction").get("ReservedConcurrentExecutions")).isEqualTo(Map.of("Fn::If",
                List.of("HasIndexerReservation", Map.of("Ref", "IndexerReservedConcurrency"), Map.of("Ref", "AWS::NoValue"))));
        assertThat(Templates.properties(MAIN, "CompactorFunction").get("ReservedConcurrentExecutions")).isEqualTo(1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyFunctionTakesItsArtifactsObjectVersionTheArchitectureAndSnapStart() {
        Map<String, String> artifact = Map.of("IndexerFunction", "Indexer", "CompactorFunction", "Indexer", "SearchFunction", "Search");
        artifact.forEach((function, jar) -> {
            Map<String, Object> properties = Templates.properties(MAIN, function);
            assertThat(properties.get("Code")).as("code of %s", function).isEqualTo(Map.of(
                    "S3Bucket", Map.of("Ref", "CodeBucket"),
                    "S3Key", Map.of("Ref", jar + "CodeKey"),
                    "S3ObjectVersion", Map.of("Fn::If", List.of("Has" + jar + "CodeVersion", Map.of("Ref", jar + "CodeVersion"),
                            Map.of("Ref", "AWS::NoValue")))));
            assertThat(properties.get("Architectures")).isEqualTo(List.of(Map.of("Ref", "Architecture")));
            assertThat(properties.get("SnapStart")).isEqualTo(Map.of("ApplyOn", Map.of("Ref", "SnapStart")));
            assertThat(properties.get("Runtime")).isEqualTo("java21");
        });
        Map<String, Object> architecture = (Map<String, Object>) Templates.section(MAIN, "Parameters").get("Architecture");
        assertThat(architecture.get("AllowedValues")).isEqualTo(List.of("x86_64", "arm64"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void athenaEncryptsResultsWithTheDataKeyWhenOneIsGiven() {
        Map<String, Object> configuration = (Map<String, Object>) ((Map<String, Object>) Templates.properties(MAIN, "SearchWorkGroup")
                .get("WorkGroupConfiguration")).get("ResultConfiguration");
        assertThat(configuration.get("EncryptionConfiguration")).isEqualTo(Map.of("Fn::If", List.of("HasDataKey",
                Map.of("EncryptionOption", "SSE_KMS", "KmsKey", Map.of("Ref", "DataKmsKeyArn")),
                Map.of("EncryptionOption", "SSE_S3"))));
    }

    @Test
    @SuppressWarnings("unchecked")
    void kmsPermissionsAreScopedToTheGivenKeysAndToS3() {
        for (String role : List.of("IndexerRole", "CompactorRole", "SearchRole")) {
            List<Object> statements = statements(role);
            List<Map<String, Object>> kms = kmsStatements(statements);
            assertThat(kms).as("KMS statements of %s", role).isNotEmpty().allSatisfy(statement -> {
                assertThat(Templates.references(statement.get("Resource"))).isSubsetOf("DataKmsKeyArn", "LogBucketKmsKeyArns");
                assertThat(Templates.references(statement.get("Condition"))).contains("AWS::URLSuffix");
                assertThat(statement.toString()).contains("kms:ViaService").doesNotContain("kms:*");
            });
        }
        assertThat(kmsStatements(statements("IndexerRole"))).extracting(s -> s.get("Sid")).containsExactly("DecryptLogObjects", "UseDataKey");
        assertThat(kmsStatements(statements("SearchRole"))).extracting(s -> s.get("Sid")).containsExactly("UseDataKey");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theApiStageWritesAccessLogsAndIsThrottled() {
        Map<String, Object> stage = Templates.properties(MAIN, "ApiStage");
        Map<String, Object> accessLog = (Map<String, Object>) stage.get("AccessLogSetting");
        assertThat(Templates.references(accessLog.get("DestinationArn"))).contains("ApiAccessLogGroup", "AWS::Partition");
        assertThat((String) accessLog.get("Format")).contains("$context.requestId", "$context.identity.userArn", "$context.status");
        Map<String, Object> settings = ((List<Map<String, Object>>) stage.get("MethodSettings")).get(0);
        assertThat(settings).containsEntry("ResourcePath", "/*").containsEntry("HttpMethod", "*")
                .containsEntry("ThrottlingRateLimit", Map.of("Ref", "ApiThrottleRate"))
                .containsEntry("ThrottlingBurstLimit", Map.of("Ref", "ApiThrottleBurst"))
                .containsEntry("DataTraceEnabled", false);
        assertThat(((Map<String, Object>) MAIN.get("Resources")).get("ApiStage")).extracting(r -> ((Map<?, ?>) r).get("DependsOn"))
                .isEqualTo("ApiGatewayAccountReady");
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDataBucketIsVersionedLoggedAndExpiresResultsRejectsAndOldVersions() {
        Map<String, Object> bucket = Templates.properties(DATA, "DataBucket");
        assertThat(bucket.get("VersioningConfiguration")).isEqualTo(Map.of("Fn::If", List.of("Versioned", Map.of("Status", "Enabled"),
                Map.of("Ref", "AWS::NoValue"))));
        assertThat(Templates.references(bucket.get("LoggingConfiguration"))).contains("LogAccess", "AccessLogBucket");
        List<String> rules = new ArrayList<>();
        for (Object rule : (List<Object>) ((Map<String, Object>) bucket.get("LifecycleConfiguration")).get("Rules")) {
            Map<String, Object> body = (Map<String, Object>) rule;
            if (body.containsKey("Fn::If")) {
                List<Object> branches = (List<Object>) body.get("Fn::If");
                body = (Map<String, Object>) (((Map<String, Object>) branches.get(1)).containsKey("Id") ? branches.get(1) : branches.get(2));
            }
            rules.add(body.get("Id") + " " + body.getOrDefault("Prefix", Map.of("Fn::Sub", "")).toString());
        }
        assertThat(rules).anyMatch(r -> r.startsWith("expire-rejects") && r.contains("rejects/"))
                .anyMatch(r -> r.startsWith("expire-search-hits") && r.contains("searches/"))
                .anyMatch(r -> r.startsWith("expire-athena-results") && r.contains("athena-results/"))
                .anyMatch(r -> r.startsWith("expire-noncurrent-versions"))
                .anyMatch(r -> r.startsWith("abort-incomplete-multipart-uploads"));
        Map<String, Object> encryption = (Map<String, Object>) ((List<Object>) ((Map<String, Object>) Templates.properties(DATA,
                "AccessLogBucket").get("BucketEncryption")).get("ServerSideEncryptionConfiguration")).get(0);
        assertThat(encryption.toString()).as("server access logs only reach SSE-S3 buckets").contains("AES256");
    }

    @Test
    void statefulResourcesSayWhatHappensToThemOnDeleteAndReplace() {
        for (Map<String, Object> template : List.of(MAIN, DATA)) {
            Templates.resources(template).forEach((id, body) -> {
                Map<?, ?> resource = (Map<?, ?>) body;
                if (Set.of("AWS::S3::Bucket", "AWS::SQS::Queue", "AWS::Logs::LogGroup").contains(resource.get("Type"))) {
                    assertThat(resource.get("DeletionPolicy")).as("DeletionPolicy of %s", id).isNotNull();
                    assertThat(resource.get("UpdateReplacePolicy")).as("UpdateReplacePolicy of %s", id).isNotNull();
                }
            });
        }
        assertThat(((Map<?, ?>) Templates.resources(MAIN).get("IndexerDeadLetterQueue")).get("DeletionPolicy")).isEqualTo("Retain");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> statements(String role) {
        Map<String, Object> policy = ((List<Map<String, Object>>) Templates.properties(MAIN, role).get("Policies")).get(0);
        return (List<Object>) ((Map<String, Object>) policy.get("PolicyDocument")).get("Statement");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> kmsStatements(List<Object> statements) {
        List<Map<String, Object>> found = new ArrayList<>();
        for (Object statement : statements) {
            Map<String, Object> body = (Map<String, Object>) statement;
            if (body.containsKey("Fn::If")) {
                body = (Map<String, Object>) ((List<Object>) body.get("Fn::If")).get(1);
            }
            if (body.get("Action").toString().contains("kms:")) {
                found.add(body);
            }
        }
        return found;
    }

    private static void collectStrings(Object node, List<String> out) {
        if (node instanceof Map<?, ?> map) {
            map.values().forEach(v -> collectStrings(v, out));
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectStrings(v, out));
        } else if (node instanceof String s) {
            out.add(s);
        }
    }
}
