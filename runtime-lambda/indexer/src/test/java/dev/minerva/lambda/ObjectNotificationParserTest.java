package dev.minerva.lambda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import dev.minerva.spi.ErrorKind;
import dev.minerva.spi.MinervaException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Message bodies in the shapes AWS delivers. aws-lambda-java-tests ships its loader but no sample events, so the
 * events here are hand-written with the real field names; they load through {@link EventLoader} like Lambda's own.
 */
class ObjectNotificationParserTest {
    static final String FLOW = "AWSLogs/123456789012/vpcflowlogs/us-east-1/2019/12/01/";

    private static List<String> bodies(String resource) {
        SQSEvent event = EventLoader.loadSQSEvent("events/" + resource);
        return event.getRecords().stream().map(SQSEvent.SQSMessage::getBody).toList();
    }

    @Test
    void directS3EventDecodesKeysAndSkipsFolderMarkersAndOtherEvents() {
        ObjectNotification n = ObjectNotificationParser.parse(bodies("sqs-s3-direct.json").get(0));
        assertThat(n.shape()).isEqualTo("s3");
        assertThat(n.objects()).containsExactly(
                new CreatedObject("minerva-logs", FLOW + "flow log (1).log.gz", 1024, "0123456789abcdef0123456789abcdef"),
                new CreatedObject("minerva-logs", "uploads/a+b=c.log", 1024, "0123456789abcdef0123456789abcdef"));
        assertThat(n.ignored()).containsExactly("record #3: s3://minerva-logs/AWSLogs/folder/ is a folder marker",
                "record #4: ObjectRemoved:Delete is not an object creation");
        assertThat(n.malformed()).isEmpty();
    }

    @Test
    void ourDecodingAgreesWithTheLambdaEventsLibrary() throws Exception {
        S3Event event = EventLoader.loadS3Event("events/s3-put.json");
        List<String> theirs = event.getRecords().stream().map(S3EventNotification.S3EventNotificationRecord::getS3)
                .map(s3 -> s3.getObject().getUrlDecodedKey()).limit(2).toList();
        String body = Files.readString(Path.of("src/test/resources/events/s3-put.json"));
        assertThat(ObjectNotificationParser.parse(body).objects()).extracting(CreatedObject::key).isEqualTo(theirs);
    }

    @Test
    void snsWrappedEventsAndTestEvents() {
        List<String> bodies = bodies("sqs-sns-s3.json");
        ObjectNotification wrapped = ObjectNotificationParser.parse(bodies.get(0));
        assertThat(wrapped.shape()).isEqualTo("sns/s3");
        assertThat(wrapped.objects()).extracting(CreatedObject::key).containsExactly(FLOW + "flow log (1).log.gz", "uploads/a+b=c.log");

        ObjectNotification test = ObjectNotificationParser.parse(bodies.get(1));
        assertThat(test.shape()).isEqualTo("sns/s3-test-event");
        assertThat(test.objects()).isEmpty();
        assertThat(test.ignored()).containsExactly("s3:TestEvent for bucket minerva-logs");
    }

    @Test
    void eventBridgeObjectCreatedWithDecodedKeyAndOtherDetailTypesIgnored() {
        List<String> bodies = bodies("sqs-eventbridge.json");
        ObjectNotification created = ObjectNotificationParser.parse(bodies.get(0));
        assertThat(created.shape()).isEqualTo("eventbridge");
        assertThat(created.objects()).containsExactly(new CreatedObject("minerva-logs",
                "AWSLogs/123456789012/CloudTrail/us-east-1/2021/11/12/trail file+v2.json.gz", 5, "b1946ac92492d2347c6235b4d2611184"));
        ObjectNotification deleted = ObjectNotificationParser.parse(bodies.get(1));
        assertThat(deleted.objects()).isEmpty();
        assertThat(deleted.ignored()).containsExactly("EventBridge 'Object Deleted' is not an object creation");
    }

    @Test
    void testEventSentDirectlyIsIgnoredAndGarbageIsAUserError() {
        List<String> bodies = bodies("sqs-odd-bodies.json");
        assertThat(ObjectNotificationParser.parse(bodies.get(0)).ignored()).containsExactly("s3:TestEvent for bucket minerva-logs");
        for (String garbage : bodies.subList(1, 4)) {
            assertThatThrownBy(() -> ObjectNotificationParser.parse(garbage)).isInstanceOf(MinervaException.class)
                    .satisfies(e -> assertThat(((MinervaException) e).kind()).isEqualTo(ErrorKind.USER_INPUT));
        }
        assertThatThrownBy(() -> ObjectNotificationParser.parse("not json at all")).hasMessageStartingWith("The message body is not JSON");
        assertThatThrownBy(() -> ObjectNotificationParser.parse("{\"hello\":\"world\"}"))
                .hasMessageContaining("Not an S3 object notification").hasMessageContaining("{\"hello\":\"world\"}");
    }

    @Test
    void aBadRecordIsReportedWithoutLosingItsNeighbours() {
        String body = """
                {"Records":[
                  {"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b-1"},"object":{"key":"bad%zzkey","size":1}}},
                  {"eventSource":"aws:s3","eventName":"ObjectCreated:Put","s3":{"bucket":{"name":"b-1"},"object":{}}},
                  {"eventSource":"aws:s3","eventName":"ObjectCreated:Copy","s3":{"bucket":{"name":"b-1"},"object":{"key":"ok%2Fkey","size":7,"eTag":"e"}}}
                ]}""";
        ObjectNotification n = ObjectNotificationParser.parse(body);
        assertThat(n.objects()).containsExactly(new CreatedObject("b-1", "ok/key", 7, "e"));
        assertThat(n.malformed()).hasSize(2);
        assertThat(n.malformed().get(0)).startsWith("record #1: the key 'bad%zzkey' is not URL-encoded");
        assertThat(n.malformed().get(1)).isEqualTo("record #2 names no bucket or no object key");
    }
}
