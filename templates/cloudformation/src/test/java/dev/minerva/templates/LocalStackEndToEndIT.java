package dev.minerva.templates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * End to end on LocalStack: both stacks deployed by its CloudFormation, the two deployment JARs run by its Lambda
 * (in Docker containers of their own), a CloudTrail object uploaded to a log bucket travels S3 → SNS → SQS → the
 * deployed indexer into the warehouse, and a search through the deployed API finds its needle.
 *
 * <p>Needs a Docker engine: without one JUnit reports the class skipped ("disabledWithoutDocker"). The search step
 * needs Athena and Glue, which only LocalStack's licensed image serves; set {@code LOCALSTACK_AUTH_TOKEN} and, if
 * needed, {@code -Dminerva.localstack.image=localstack/localstack-pro:TAG}. Without them that step reports itself
 * skipped with the reason, after the indexing steps ran. The moto tier (MotoDeploymentTest) is the one that always runs.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalStackEndToEndIT {
    private static final String IMAGE = System.getProperty("minerva.localstack.image", "localstack/localstack:4.9");
    private static final String NEEDLE = "needle-" + Long.toHexString(0x5eed_c0ffeeL);
    private static final String LOG_KEY = "AWSLogs/111122223333/CloudTrail/us-east-1/2026/01/02/111122223333_CloudTrail_us-east-1_20260102T1200Z_e2e.json.gz";

    @Container
    private static final LocalStackContainer localStack = localStack();

    private SdkHttpClient http;
    private S3Client s3;
    private SnsClient sns;
    private CloudFormationClient cloudFormation;
    private Map<String, String> outputs;

    private static LocalStackContainer localStack() {
        LocalStackContainer container = new LocalStackContainer(IMAGE)
                .withServices("s3", "sqs", "sns", "lambda", "cloudformation", "iam", "sts", "logs", "events", "apigateway",
                        "cloudwatch", "kms", "glue", "athena")
                // LocalStack's Lambda starts one container per function through the host's Docker engine.
                .withFileSystemBind("/var/run/docker.sock", "/var/run/docker.sock")
                .withEnv("LAMBDA_RUNTIME_ENVIRONMENT_TIMEOUT", "120")
                .withStartupTimeout(Duration.ofMinutes(3));
        String token = System.getenv("LOCALSTACK_AUTH_TOKEN");
        if (token != null && !token.isBlank()) {
            container.withEnv("LOCALSTACK_AUTH_TOKEN", token);
        }
        return container;
    }

    @BeforeAll
    void clients() {
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(localStack.getAccessKey(), localStack.getSecretKey()));
        Region region = Region.of(localStack.getRegion());
        http = UrlConnectionHttpClient.builder().socketTimeout(Duration.ofMinutes(2)).build();
        s3 = S3Client.builder().endpointOverride(localStack.getEndpoint()).region(region).credentialsProvider(credentials)
                .httpClient(http).forcePathStyle(true).build();
        sns = SnsClient.builder().endpointOverride(localStack.getEndpoint()).region(region).credentialsProvider(credentials)
                .httpClient(http).build();
        cloudFormation = CloudFormationClient.builder().endpointOverride(localStack.getEndpoint()).region(region)
                .credentialsProvider(credentials).httpClient(http).build();
    }

    @AfterAll
    void close() {
        for (AutoCloseable client : new AutoCloseable[] {s3, sns, cloudFormation, http}) {
            try {
                if (client != null) {
                    client.close();
                }
            } catch (Exception ignored) {
                // The container is gone with the class; nothing left to report.
            }
        }
    }

    @Test
    @Order(1)
    void bothStacksDeployWithTheRealJars() throws Exception {
        assertThat(LambdaJars.INDEXER).as("the indexer JAR; run mvn verify from the repository root").exists();
        assertThat(LambdaJars.SEARCH).as("the search JAR; run mvn verify from the repository root").exists();
        s3.createBucket(b -> b.bucket("minerva-code"));
        s3.createBucket(b -> b.bucket("trail-logs"));
        s3.putObject(b -> b.bucket("minerva-code").key("minerva-lambda-indexer.jar"), LambdaJars.INDEXER);
        s3.putObject(b -> b.bucket("minerva-code").key("minerva-lambda-search.jar"), LambdaJars.SEARCH);
        String topic = sns.createTopic(b -> b.name("log-objects")).topicArn();
        sns.setTopicAttributes(b -> b.topicArn(topic).attributeName("Policy").attributeValue("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},
                "Action":"sns:Publish","Resource":"%s"}]}""".formatted(topic)));
        s3.putBucketNotificationConfiguration(b -> b.bucket("trail-logs").notificationConfiguration(n -> n.topicConfigurations(
                t -> t.topicArn(topic).eventsWithStrings("s3:ObjectCreated:*"))));

        Stack data = deploy("minerva-data", Templates.DATA_BUCKET, parameter("BucketName", "minerva-data"));
        Map<String, String> dataOutputs = outputs(data);
        Stack main = deploy("minerva", Templates.MAIN, parameter("DataBucketName", dataOutputs.get("BucketName")),
                parameter("LogBucketArns", "arn:aws:s3:::trail-logs"), parameter("LogTopicArn1", topic),
                parameter("CodeBucket", "minerva-code"), parameter("Architecture", "x86_64"),
                parameter("AlarmEmail", "soc@example.com"));
        outputs = outputs(main);
        assertThat(outputs).containsKeys("ApiId", "IndexerQueueArn", "DeadLetterQueueArn", "IndexerAliasArn");
    }

    @Test
    @Order(2)
    void aLogObjectTravelsThroughTheNotificationChainIntoTheWarehouse() throws Exception {
        assumeTrue(outputs != null, "the stacks did not deploy");
        s3.putObject(b -> b.bucket("trail-logs").key(LOG_KEY), RequestBody.fromBytes(cloudTrailObject()));
        List<S3Object> manifests = waitFor(Duration.ofMinutes(5), () -> s3.listObjectsV2(b -> b.bucket("minerva-data")
                .prefix("minerva/objects/")).contents());
        assertThat(manifests).as("object manifests the deployed indexer wrote").isNotEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket("minerva-data").prefix("minerva/terms/dt=2026-01-02-12/")).contents()).isNotEmpty();
        assertThat(s3.listObjectsV2(b -> b.bucket("minerva-data").prefix("minerva/messages/dt=2026-01-02-12/")).contents()).isNotEmpty();
    }

    @Test
    @Order(3)
    void theDeployedApiFindsTheNeedle() throws Exception {
        assumeTrue(outputs != null, "the stacks did not deploy");
        String health = HttpClient.newHttpClient().send(HttpRequest.newBuilder(localStack.getEndpoint().resolve("/_localstack/health"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assumeTrue(servesAthena(health), "this LocalStack image serves no Athena and Glue (the licensed image does; set "
                + "LOCALSTACK_AUTH_TOKEN): the search step cannot run. Health: " + health);
        URI api = localStack.getEndpoint().resolve("/restapis/" + outputs.get("ApiId") + "/v1/_user_request_/api/v1/search");
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> started = client.send(HttpRequest.newBuilder(api).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"query":[{"term":"%s"}],"start_dt":"2026-01-02T00:00:00","end_dt":"2026-01-02T23:59:59"}""".formatted(NEEDLE)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        Matcher id = Pattern.compile("\"search_id\"\\s*:\\s*\"([^\"]+)\"").matcher(started.body());
        assertThat(id.find()).as(started.body()).isTrue();
        URI logs = URI.create(api + "/" + id.group(1) + "/logs");
        String body = waitFor(Duration.ofMinutes(2), () -> {
            try {
                String answer = client.send(HttpRequest.newBuilder(logs).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
                return answer.contains("\"SUCCEEDED\"") || answer.contains("\"FAILED\"") ? List.of(answer) : List.<String>of();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }).get(0);
        assertThat(body).contains("\"SUCCEEDED\"").contains(NEEDLE).contains("aws.cloudtrail");
    }

    private static boolean servesAthena(String health) {
        return health.matches("(?s).*\"athena\"\\s*:\\s*\"(available|running)\".*")
                && health.matches("(?s).*\"glue\"\\s*:\\s*\"(available|running)\".*");
    }

    private Stack deploy(String name, java.nio.file.Path template, Parameter... parameters) throws InterruptedException {
        cloudFormation.createStack(b -> b.stackName(name).templateBody(readString(template))
                .capabilitiesWithStrings("CAPABILITY_IAM").parameters(parameters));
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        while (true) {
            Stack stack = cloudFormation.describeStacks(b -> b.stackName(name)).stacks().get(0);
            if (!stack.stackStatusAsString().endsWith("IN_PROGRESS") || System.nanoTime() > deadline) {
                assertThat(stack.stackStatus()).as("%s: %s", name, stack.stackStatusReason()).isEqualTo(StackStatus.CREATE_COMPLETE);
                return stack;
            }
            Thread.sleep(2000);
        }
    }

    private Map<String, String> outputs(Stack stack) {
        return cloudFormation.describeStacks(b -> b.stackName(stack.stackName())).stacks().get(0).outputs().stream()
                .collect(Collectors.toMap(Output::outputKey, Output::outputValue));
    }

    private static <T> List<T> waitFor(Duration timeout, Supplier<List<T>> probe) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            List<T> found = probe.get();
            if (!found.isEmpty() || System.nanoTime() > deadline) {
                return found;
            }
            Thread.sleep(3000);
        }
    }

    /** One CloudTrail delivery (gzipped JSON) whose one event carries the needle. */
    private static byte[] cloudTrailObject() throws IOException {
        String json = """
                {"Records":[{"eventVersion":"1.08","eventTime":"2026-01-02T12:34:56Z","eventSource":"s3.amazonaws.com",
                "eventName":"GetObject","awsRegion":"us-east-1","sourceIPAddress":"198.51.100.7",
                "userIdentity":{"type":"IAMUser","userName":"%s","accountId":"111122223333"},
                "requestParameters":{"bucketName":"secrets","key":"plans.txt"},"eventID":"e2e-1","recipientAccountId":"111122223333"}]}
                """.formatted(NEEDLE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String readString(java.nio.file.Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static Parameter parameter(String key, String value) {
        return Parameter.builder().parameterKey(key).parameterValue(value).build();
    }
}
