package dev.minerva.core.terms;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FieldTermExtractorTest {
    private final FieldTermExtractor extractor = new FieldTermExtractor(new TermTokenizer());

    private List<String> pairs(Map<String, Object> record) {
        List<String> out = new ArrayList<>();
        extractor.extract(record, (field, term) -> out.add(field + "=" + term));
        return out;
    }

    @Test
    void nestedMapsAndListsGiveDottedPaths() {
        Map<String, Object> identity = new LinkedHashMap<>();
        identity.put("arn", "arn:aws:iam::123456789012:user/alice");
        identity.put("mfa", Boolean.TRUE);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("userIdentity", identity);
        record.put("resources", List.of(Map.of("id", "i-0abc"), "x"));
        record.put("bytes", 1234567L);
        record.put("ratio", new BigDecimal("0.10"));
        record.put("score", 2.5e6);
        record.put("missing", null);
        record.put("list", Arrays.asList(null, 7));

        assertThat(pairs(record)).containsExactlyInAnyOrder(
                "userIdentity.arn=arn:aws:iam::123456789012:user/alice", "userIdentity.arn=arn",
                "userIdentity.arn=aws", "userIdentity.arn=iam", "userIdentity.arn=123456789012",
                "userIdentity.arn=user/alice", "userIdentity.arn=user", "userIdentity.arn=alice",
                "userIdentity.mfa=true", "resources.0.id=i-0abc", "resources.0.id=i", "resources.0.id=0abc",
                "resources.1=x", "bytes=1234567", "ratio=0.10", "score=2500000", "list.1=7");
    }

    @Test
    void eachPairIsEmittedOncePerRecordAndTheExtractorIsReusable() {
        Map<String, Object> record = Map.of("msg", "deny deny DENY Deny");
        assertThat(pairs(record)).containsExactly("msg=deny");
        assertThat(pairs(Map.of("other", "x"))).containsExactly("other=x");
    }

    @Test
    void aRecordNestedPastTheBoundFailsClearlyInsteadOfOverflowingTheStack() {
        Object deep = "leaf";
        for (int i = 0; i < 200_000; i++) {
            deep = java.util.List.of(deep);
        }
        FieldTermExtractor extractor = new FieldTermExtractor(new TermTokenizer());
        Map<String, Object> record = Map.of("x", deep);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> extractor.extract(record, (field, term) -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 64 levels deep");
    }
}
