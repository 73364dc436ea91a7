package dev.minerva.templates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.testing.aws.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Deploys the main stack into moto's CloudFormation. moto lacks some resource types (queue and bucket policies,
 * Glue, Athena); those are left out of the deployed copy and checked by cfn-lint and the consistency tests instead.
 */
class MotoDeploymentTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    private static final Set<String> UNSUPPORTED = Set.of("AWS::SQS::QueuePolicy", "AWS::S3::BucketPolicy",
            "AWS::Glue::Database", "AWS::Glue::Table", "AWS::Athena::WorkGroup");

    /** Queue policy, Glue database and three tables, Athena workgroup. */
    private static final int UNSUPPORTED_IN_MAIN = 6;

    @Test
    void mainStackDeploysWithItsQueuesFunctionsAndApi() throws Exception {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));
        var http = UrlConnectionHttpClient.builder().build();
        try (S3Client s3 = S3Client.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1).credentialsProvider(credentials)
                        .httpClient(http).forcePathStyle(true).build();
                SnsClient sns = SnsClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1).credentialsProvider(credentials)
                        .httpClient(http).build();
                SqsClient sqs = SqsClient.builder().endpointOverride(MOTO.endpoint()).region(Region.US_EAST_1).credentialsProvider(credentials)
                        .httpClient(http).build();
                CloudFormationClient cloudFormation = CloudFormationClient.builder().endpointOverride(MOTO.endpoint())
                        .region(Region.US_EAST_1).credentialsProvider(credentials).httpClient(http).build()) {
            s3.createBucket(b -> b.bucket("minerva-data"));
            s3.createBucket(b -> b.bucket("minerva-code"));
            s3.putObject(b -> b.bucket("minerva-code").key("minerva-lambda-indexer.jar"), RequestBody.fromBytes(placeholderJar()));
            s3.putObject(b -> b.bucket("minerva-code").key("minerva-lambda-search.jar"), RequestBody.fromBytes(placeholderJar()));
            String topic = sns.createTopic(b -> b.name("log-objects")).topicArn();

            cloudFormation.createStack(b -> b.stackName("minerva").templateBody(deployableCopy())
                    .capabilitiesWithStrings("CAPABILITY_IAM")
                    .parameters(parameter("DataBucketName", "minerva-data"), parameter("LogBucketNames", "trail-logs,flow-logs"),
                            parameter("LogTopicArn1", topic), parameter("CodeBucket", "minerva-code")));
            Stack stack = awaitDone(cloudFormation, "minerva");
            assertThat(stack.stackStatus()).as(stack.stackStatusReason()).isEqualTo(StackStatus.CREATE_COMPLETE);

            List<StackResource> resources = cloudFormation.describeStackResources(b -> b.stackName("minerva")).stackResources();
            // moto lists every created resource, but leaves the logical id out for some types (alarms, subscriptions, stages).
            assertThat(resources).hasSize(Templates.resources(Templates.load(Templates.MAIN)).size() - UNSUPPORTED_IN_MAIN);
            assertThat(resources).extracting(StackResource::logicalResourceId).contains("IndexerQueue", "IndexerDeadLetterQueue",
                    "IndexerFunction", "CompactorFunction", "SearchFunction", "IndexerEventSource", "CompactorSchedule", "SearchApi");
            assertThat(stack.outputs()).extracting(o -> o.outputKey()).contains("ApiUrl", "IndexerQueueUrl", "WorkGroup");

            // Queue URLs in outputs point at real AWS; look the queue up in moto instead.
            String queueName = resources.stream().filter(r -> r.logicalResourceId().equals("IndexerQueue")).findFirst().orElseThrow()
                    .physicalResourceId();
            String queueUrl = queueName.startsWith("http") ? queueName : sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
            Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                    .attributeNames(QueueAttributeName.ALL)).attributes();
            assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).contains("maxReceiveCount").contains("5");
            assertThat(Integer.parseInt(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT))).isGreaterThan(900);
        }
    }

    private static Stack awaitDone(CloudFormationClient cloudFormation, String name) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Stack stack = cloudFormation.describeStacks(b -> b.stackName(name)).stacks().get(0);
            if (!stack.stackStatusAsString().endsWith("IN_PROGRESS") || System.nanoTime() > deadline) {
                return stack;
            }
            Thread.sleep(200);
        }
    }

    private static Parameter parameter(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }

    /** The main template without the resource types moto cannot create, and references to them made literal. */
    @SuppressWarnings("unchecked")
    static String deployableCopy() {
        Map<String, Object> template = Templates.load(Templates.MAIN);
        Map<String, Object> resources = Templates.resources(template);
        Set<String> removed = new java.util.HashSet<>();
        for (Map.Entry<String, Object> e : Map.copyOf(resources).entrySet()) {
            if (UNSUPPORTED.contains(((Map<String, Object>) e.getValue()).get("Type"))) {
                resources.remove(e.getKey());
                removed.add(e.getKey());
            }
        }
        Object rewritten = replaceReferences(template, removed);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(rewritten);
    }

    @SuppressWarnings("unchecked")
    private static Object replaceReferences(Object node, Set<String> removed) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Ref") && removed.contains(map.get("Ref"))) {
                return "moto-lacks-" + map.get("Ref");
            }
            if (map.size() == 1 && map.containsKey("Fn::GetAtt") && removed.contains(((List<Object>) map.get("Fn::GetAtt")).get(0))) {
                return "moto-lacks-" + ((List<Object>) map.get("Fn::GetAtt")).get(0);
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object value = e.getValue();
                if (e.getKey().equals("Fn::Sub") && value instanceof String text) {
                    value = literalise(text, removed);
                }
                copy.put((String) e.getKey(), replaceReferences(value, removed));
            }
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(item -> replaceReferences(item, removed)).toList();
        }
        return node;
    }

    private static String literalise(String text, Set<String> removed) {
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)(\\.[A-Za-z]+)?}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(removed.contains(m.group(1)) ? "moto-lacks-" + m.group(1) : m.group()));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static byte[] placeholderJar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("README.txt"));
            zip.write("moto stores the code without running it".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
