package dev.minerva.templates;

import static org.assertj.core.api.Assertions.assertThat;

import dev.minerva.testing.aws.MotoServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.apigateway.ApiGatewayClient;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResource;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.lambda.model.EventSourceMappingConfiguration;
import software.amazon.awssdk.services.lambda.model.FunctionConfiguration;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * Deploys both stacks into moto's CloudFormation, the data bucket first and the main stack on its outputs, with a
 * KMS key for the data and one for the log buckets, and reads back what was created. moto lacks some resource
 * types (TOOLING.md); those are left out of the deployed copies, and the template tests check them instead.
 */
class MotoDeploymentTest {
    @RegisterExtension
    static final MotoServer MOTO = new MotoServer();

    /** Types moto's CloudFormation cannot create: left out of the copies, references to them made literal. */
    static final Set<String> UNSUPPORTED = Set.of("AWS::SQS::QueuePolicy", "AWS::S3::BucketPolicy", "AWS::SNS::Subscription",
            "AWS::Glue::Database", "AWS::Glue::Table", "AWS::Athena::WorkGroup", "AWS::CloudWatch::Alarm",
            "AWS::ApiGateway::Stage", "AWS::ApiGateway::Account", "AWS::Lambda::Alias",
            "AWS::CloudFormation::WaitConditionHandle");

    private static final String LOG_TOPIC = "log-objects";

    private static SdkHttpClient http;
    private static S3Client s3;
    private static SqsClient sqs;
    private static SnsClient sns;
    private static KmsClient kms;
    private static IamClient iam;
    private static LambdaClient lambda;
    private static ApiGatewayClient apiGateway;
    private static CloudFormationClient cloudFormation;

    private static String dataKey;
    private static String logKey;
    private static Stack dataStack;
    private static Stack mainStack;
    private static List<StackResource> mainResources;

    @BeforeAll
    static void deployBothStacks() throws Exception {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(MotoServer.ACCESS_KEY, MotoServer.SECRET_KEY));
        http = UrlConnectionHttpClient.builder().build();
        Region region = Region.of(MotoServer.REGION);
        s3 = S3Client.builder().endpointOverride(MOTO.endpoint()).region(region).credentialsProvider(credentials).httpClient(http)
                .forcePathStyle(true).build();
        sqs = SqsClient.builder().endpointOverride(MOTO.endpoint()).region(region).credentialsProvider(credentials).httpClient(http).build();
        sns = SnsClient.builder().endpointOverride(MOTO.endpoint()).region(region).credentialsProvider(credentials).httpClient(http).build();
        kms = KmsClient.builder().endpointOverride(MOTO.endpoint()).region(region).credentialsProvider(credentials).httpClient(http).build();
        iam = IamClient.builder().endpointOverride(MOTO.endpoint()).region(Region.AWS_GLOBAL).credentialsProvider(credentials)
                .httpClient(http).build();
        lambda = LambdaClient.builder().endpointOverride(MOTO.endpoint()).region(region).credentialsProvider(credentials)
                .httpClient(http).build();
        apiGateway = ApiGatewayClient.builder().endpointOverride(MOTO.endpoint()).region(region).credentialsProvider(credentials)
                .httpClient(http).build();
        cloudFormation = CloudFormationClient.builder().endpointOverride(MOTO.endpoint()).region(region).credentialsProvider(credentials)
                .httpClient(http).build();

        dataKey = kms.createKey(b -> b.description("minerva data")).keyMetadata().arn();
        logKey = kms.createKey(b -> b.description("cloudtrail logs")).keyMetadata().arn();
        s3.createBucket(b -> b.bucket("trail-logs"));
        s3.createBucket(b -> b.bucket("minerva-code"));
        s3.putObject(b -> b.bucket("minerva-code").key("minerva-lambda-indexer.jar"), RequestBody.fromBytes(placeholderJar()));
        s3.putObject(b -> b.bucket("minerva-code").key("minerva-lambda-search.jar"), RequestBody.fromBytes(placeholderJar()));
        String topic = sns.createTopic(b -> b.name(LOG_TOPIC)).topicArn();

        dataStack = deploy("minerva-data", Templates.DATA_BUCKET,
                parameter("BucketName", "minerva-data"), parameter("KmsKeyArn", dataKey));
        Map<String, String> data = outputs(dataStack);
        mainStack = deploy("minerva", Templates.MAIN,
                parameter("DataBucketName", data.get("BucketName")), parameter("DataPrefix", data.get("DataPrefix")),
                parameter("DataKmsKeyArn", data.get("KmsKeyArn")),
                parameter("LogBucketArns", "arn:aws:s3:::trail-logs,arn:aws:s3:::flow-logs"), parameter("LogBucketKmsKeyArns", logKey),
                parameter("LogTopicArn1", topic), parameter("CodeBucket", "minerva-code"),
                parameter("AlarmEmail", "soc@example.com"), parameter("IndexerMaximumConcurrency", "7"));
        mainResources = cloudFormation.describeStackResources(b -> b.stackName("minerva")).stackResources();
    }

    @AfterAll
    static void closeClients() {
        for (AutoCloseable client : new AutoCloseable[] {s3, sqs, sns, kms, iam, lambda, apiGateway, cloudFormation, http}) {
            try {
                if (client != null) {
                    client.close();
                }
            } catch (Exception ignored) {
                // Closing a client of a stopped emulator cannot fail in a way worth reporting.
            }
        }
    }

    @Test
    void theDataBucketIsEncryptedWithTheGivenKeyAndTagged() {
        var rule = s3.getBucketEncryption(b -> b.bucket("minerva-data")).serverSideEncryptionConfiguration().rules().get(0);
        ServerSideEncryptionByDefault byDefault = rule.applyServerSideEncryptionByDefault();
        assertThat(byDefault.sseAlgorithmAsString()).isEqualTo("aws:kms");
        assertThat(byDefault.kmsMasterKeyID()).isEqualTo(dataKey);
        assertThat(s3.getBucketTagging(b -> b.bucket("minerva-data")).tagSet())
                .anySatisfy(t -> assertThat(t.key() + "=" + t.value()).isEqualTo("minerva:component=warehouse"));
        assertThat(outputs(dataStack)).containsEntry("KmsKeyArn", dataKey).containsKeys("BucketName", "BucketArn", "AccessLogBucketName");
    }

    @Test
    void theDataStackCreatesAnAccessLogBucketWithSseS3() {
        String logBucket = outputs(dataStack).get("AccessLogBucketName");
        assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains(logBucket);
        assertThat(s3.getBucketEncryption(b -> b.bucket(logBucket)).serverSideEncryptionConfiguration().rules().get(0)
                .applyServerSideEncryptionByDefault().sseAlgorithmAsString()).isEqualTo("AES256");
    }

    @Test
    void theMainStackCreatesEveryResourceMotoModels() {
        assertThat(mainStack.stackStatus()).as(mainStack.stackStatusReason()).isEqualTo(StackStatus.CREATE_COMPLETE);
        long supported = Templates.resources(Templates.load(Templates.MAIN)).values().stream()
                .filter(r -> !UNSUPPORTED.contains(((Map<?, ?>) r).get("Type"))).count();
        // The API Gateway CloudWatch role and account setting are conditional on ApiGatewayLogRole=Create (the default).
        assertThat(mainResources).hasSize((int) supported);
        assertThat(mainResources).extracting(StackResource::logicalResourceId).contains("IndexerQueue", "IndexerDeadLetterQueue",
                "IndexerFunction", "CompactorFunction", "SearchFunction", "IndexerVersion", "CompactorVersion", "SearchVersion",
                "IndexerEventSource", "CompactorSchedule", "SearchApi", "AlarmTopic", "ApiAccessLogGroup", "ApiGatewayCloudWatchRole");
    }

    @Test
    void theOutputsNameEveryRoleQueueAliasAndTopic() {
        assertThat(outputs(mainStack)).containsKeys("ApiUrl", "ApiId", "ApiAccessLogGroup", "IndexerQueueUrl", "IndexerQueueArn",
                "DeadLetterQueueUrl", "DeadLetterQueueArn", "IndexerRoleArn", "CompactorRoleArn", "SearchRoleArn",
                "IndexerFunctionArn", "IndexerAliasArn", "CompactorFunctionArn", "CompactorAliasArn", "SearchFunctionArn",
                "SearchAliasArn", "AlarmTopicArn", "WorkGroup", "GlueDatabase");
        assertThat(outputs(mainStack).get("IndexerRoleArn")).startsWith("arn:aws:iam::").contains(":role/");
        assertThat(outputs(mainStack).get("DeadLetterQueueArn")).startsWith("arn:aws:sqs:us-east-1:");
    }

    @Test
    void theQueueSendsToTheDeadLetterQueueAfterTheConfiguredReceivesAndIsTagged() {
        String queueUrl = queueUrl("IndexerQueue");
        Map<QueueAttributeName, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl)
                .attributeNames(QueueAttributeName.ALL)).attributes();
        assertThat(attributes.get(QueueAttributeName.REDRIVE_POLICY)).contains("\"maxReceiveCount\": 5")
                .contains(physicalId("IndexerDeadLetterQueue").replaceFirst(".*/", ""));
        assertThat(Integer.parseInt(attributes.get(QueueAttributeName.VISIBILITY_TIMEOUT))).isEqualTo(5400);
        assertThat(sqs.listQueueTags(b -> b.queueUrl(queueUrl)).tags()).containsEntry("minerva:component", "indexer")
                .containsEntry("minerva:stack", "minerva");
        assertThat(sqs.listQueueTags(b -> b.queueUrl(queueUrl("IndexerDeadLetterQueue"))).tags()).containsEntry("minerva:stack", "minerva");
    }

    @Test
    void theSqsTriggerIsCappedByMaximumConcurrency() {
        List<EventSourceMappingConfiguration> mappings = lambda.listEventSourceMappings().eventSourceMappings().stream()
                .filter(m -> m.functionArn().contains(":function:minerva-indexer")).toList();
        assertThat(mappings).singleElement().satisfies(m -> {
            assertThat(m.scalingConfig().maximumConcurrency()).isEqualTo(7);
            assertThat(m.batchSize()).isEqualTo(10);
            assertThat(m.functionResponseTypesAsStrings()).containsExactly("ReportBatchItemFailures");
        });
    }

    @Test
    void eachFunctionHasAPublishedVersionAndItsMemoryTimeoutAndWarehouse() {
        for (String name : List.of("minerva-indexer", "minerva-compactor", "minerva-search")) {
            List<FunctionConfiguration> versions = lambda.listVersionsByFunction(b -> b.functionName(name)).versions();
            assertThat(versions).as("versions of %s", name).extracting(FunctionConfiguration::version).contains("$LATEST")
                    .anySatisfy(v -> assertThat(v).matches("[0-9]+"));
        }
        var indexer = lambda.getFunctionConfiguration(b -> b.functionName("minerva-indexer"));
        assertThat(indexer.memorySize()).isEqualTo(2048);
        assertThat(indexer.timeout()).isEqualTo(300);
        assertThat(indexer.environment().variables()).containsEntry("MINERVA_WAREHOUSE", "s3://minerva-data/minerva/")
                .doesNotContainKey("MINERVA_CONFIG");
        assertThat(lambda.getFunctionConfiguration(b -> b.functionName("minerva-compactor")).handler())
                .isEqualTo("dev.minerva.lambda.CompactorHandler::handleRequest");
    }

    @Test
    void theIndexerMayDecryptWithTheLogKeyAndTheDataKeyThroughS3Only() {
        String policy = inlinePolicy(outputs(mainStack).get("IndexerRoleArn"), "indexer");
        assertThat(policy).contains("arn:aws:s3:::trail-logs/*").contains("arn:aws:s3:::flow-logs/*")
                .contains("DecryptLogObjects").contains(logKey).contains("UseDataKey").contains(dataKey)
                .contains("s3.us-east-1.amazonaws.com").contains("s3.*.amazonaws.com");
        assertThat(inlinePolicy(outputs(mainStack).get("CompactorRoleArn"), "compactor")).contains(dataKey).doesNotContain(logKey);
        assertThat(inlinePolicy(outputs(mainStack).get("SearchRoleArn"), "search")).contains(dataKey).doesNotContain(logKey)
                .contains("athena.us-east-1.amazonaws.com");
    }

    @Test
    void theAlarmTopicIsCreatedWithTheEmailSubscription() {
        String topic = outputs(mainStack).get("AlarmTopicArn");
        List<Subscription> subscriptions = sns.listSubscriptionsByTopic(b -> b.topicArn(topic)).subscriptions();
        assertThat(subscriptions).singleElement().satisfies(s -> {
            assertThat(s.protocol()).isEqualTo("email");
            assertThat(s.endpoint()).isEqualTo("soc@example.com");
        });
    }

    @Test
    void theApiIsDeployedWithItsMethods() {
        String api = outputs(mainStack).get("ApiId");
        assertThat(apiGateway.getDeployments(b -> b.restApiId(api)).items()).hasSize(1);
        assertThat(apiGateway.getResources(b -> b.restApiId(api)).items()).extracting(r -> r.path())
                .contains("/api/v1/search", "/api/v1/search/{proxy+}");
    }

    private static Stack deploy(String name, java.nio.file.Path template, Parameter... parameters) throws InterruptedException {
        String copy = deployableCopy(template);
        try {
            // Kept for reading when moto refuses a copy: its error responses often carry no message.
            java.nio.file.Files.writeString(java.nio.file.Path.of("target", "moto-" + name + ".yaml"), copy);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        cloudFormation.createStack(b -> b.stackName(name).templateBody(copy)
                .capabilitiesWithStrings("CAPABILITY_IAM").parameters(parameters));
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Stack stack = cloudFormation.describeStacks(b -> b.stackName(name)).stacks().get(0);
            if (!stack.stackStatusAsString().endsWith("IN_PROGRESS") || System.nanoTime() > deadline) {
                assertThat(stack.stackStatus()).as("%s: %s", name, stack.stackStatusReason()).isEqualTo(StackStatus.CREATE_COMPLETE);
                return stack;
            }
            Thread.sleep(200);
        }
    }

    private static Map<String, String> outputs(Stack stack) {
        Stack current = cloudFormation.describeStacks(b -> b.stackName(stack.stackName())).stacks().get(0);
        return current.outputs().stream().collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    }

    private static String physicalId(String logicalId) {
        return mainResources.stream().filter(r -> logicalId.equals(r.logicalResourceId())).findFirst().orElseThrow()
                .physicalResourceId();
    }

    /** Queue URLs in moto's stack point at real AWS; look the queue up in moto by its name instead. */
    private static String queueUrl(String logicalId) {
        String id = physicalId(logicalId);
        String name = id.substring(id.lastIndexOf('/') + 1);
        return sqs.getQueueUrl(b -> b.queueName(name)).queueUrl();
    }

    private static String inlinePolicy(String roleArn, String policyName) {
        String role = roleArn.substring(roleArn.lastIndexOf('/') + 1);
        String document = iam.getRolePolicy(b -> b.roleName(role).policyName(policyName)).policyDocument();
        return URLDecoder.decode(document, StandardCharsets.UTF_8);
    }

    private static Parameter parameter(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }

    /**
     * A template without the resource types moto cannot create. References to an alias become the ARN of its
     * function (what moto can invoke); other references to removed resources become literal strings.
     */
    @SuppressWarnings("unchecked")
    static String deployableCopy(java.nio.file.Path path) {
        Map<String, Object> template = Templates.load(path);
        Map<String, Object> resources = Templates.resources(template);
        Map<String, Object> replacements = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : Map.copyOf(resources).entrySet()) {
            Map<String, Object> body = (Map<String, Object>) e.getValue();
            if (UNSUPPORTED.contains(body.get("Type"))) {
                resources.remove(e.getKey());
                // Ref of an alias is its ARN; the function's ARN stands in for it.
                replacements.put(e.getKey(), "AWS::Lambda::Alias".equals(body.get("Type"))
                        ? Map.of("Fn::GetAtt", List.of(((Map<String, Object>) ((Map<String, Object>) body.get("Properties"))
                                .get("FunctionName")).get("Ref"), "Arn"))
                        : "moto-lacks-" + e.getKey());
            }
        }
        // moto applies no Rules; the template tests check them.
        template.remove("Rules");
        for (Object body : resources.values()) {
            Object dependsOn = ((Map<String, Object>) body).get("DependsOn");
            if (dependsOn instanceof String single && replacements.containsKey(single)) {
                ((Map<String, Object>) body).remove("DependsOn");
            }
        }
        Object rewritten = replaceReferences(template, replacements);
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        return new Yaml(options).dump(rewritten);
    }

    @SuppressWarnings("unchecked")
    private static Object replaceReferences(Object node, Map<String, Object> replacements) {
        if (node instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.containsKey("Ref") && replacements.containsKey(map.get("Ref"))) {
                return replacements.get(map.get("Ref"));
            }
            if (map.size() == 1 && map.containsKey("Fn::GetAtt")
                    && replacements.containsKey(((List<Object>) map.get("Fn::GetAtt")).get(0))) {
                return "moto-lacks-" + ((List<Object>) map.get("Fn::GetAtt")).get(0);
            }
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object value = e.getValue();
                if (e.getKey().equals("Fn::Sub") && value instanceof String text) {
                    value = literalise(text, replacements);
                } else if (e.getKey().equals("Fn::Sub") && value instanceof List<?> list && list.get(0) instanceof String text) {
                    List<Object> rewritten = new java.util.ArrayList<>(list);
                    rewritten.set(0, literalise(text, replacements));
                    value = rewritten;
                }
                copy.put((String) e.getKey(), replaceReferences(value, replacements));
            }
            return copy;
        }
        if (node instanceof List<?> list) {
            return list.stream().map(item -> replaceReferences(item, replacements)).toList();
        }
        return node;
    }

    /** {@code ${Alias}} becomes {@code ${Function.Arn}}; {@code ${Removed}} a literal. */
    private static String literalise(String text, Map<String, Object> replacements) {
        Matcher m = Pattern.compile("\\$\\{([A-Za-z0-9]+)(\\.[A-Za-z]+)?}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            Object replacement = replacements.get(m.group(1));
            String value = m.group();
            if (replacement instanceof Map<?, ?> getAtt) {
                value = "${" + ((List<?>) getAtt.get("Fn::GetAtt")).get(0) + ".Arn}";
            } else if (replacement != null) {
                value = (String) replacement;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static byte[] placeholderJar() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("README.txt"));
            zip.write("moto stores the code without running it".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }
}
