package dev.minerva.core.terms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TermTokenizerTest {
    private final TermTokenizer tokenizer = new TermTokenizer();

    @Test
    void ipv4IsOneTermAndAnonymisedAddressesToo() {
        assertThat(tokenizer.indexTerms("from 10.0.0.1 to 075.050.255.67"))
                .containsExactly("from", "10.0.0.1", "to", "075.050.255.67");
    }

    @Test
    void ipv6IsIndexedAsWrittenAndInCanonicalForm() {
        assertThat(tokenizer.indexTerms("2001:DB8::1")).containsExactly("2001:db8::1");
        assertThat(tokenizer.indexTerms("2001:0db8:0000:0000:0000:0000:0000:0001"))
                .containsExactly("2001:0db8:0000:0000:0000:0000:0000:0001", "2001:db8::1");
        assertThat(tokenizer.indexTerms("::1")).containsExactly("::1");
        assertThat(tokenizer.indexTerms("[fe80::1]:443")).containsExactly("fe80::1", "443");
        assertThat(tokenizer.queryTerms("2001:0DB8:0:0:0:0:0:1")).containsExactly("2001:db8::1");
    }

    @Test
    void aUuidIsOneTermEvenInsideAnArnAndItsHexGroupsAreNotTerms() {
        assertThat(tokenizer.indexTerms("D4EB5541-3ea3-f788-19cb-aa5abb3180f5"))
                .containsExactly("d4eb5541-3ea3-f788-19cb-aa5abb3180f5");
        assertThat(tokenizer.indexTerms("arn:aws:kms:us-east-1:111122223333:key/d4eb5541-3ea3-f788-19cb-aa5abb3180f5"))
                .contains("key/d4eb5541-3ea3-f788-19cb-aa5abb3180f5", "d4eb5541-3ea3-f788-19cb-aa5abb3180f5", "key")
                .doesNotContain("d4eb5541", "3ea3", "aa5abb3180f5");
        assertThat(tokenizer.queryTerms("d4eb5541-3ea3-f788-19cb-aa5abb3180f5"))
                .containsExactly("d4eb5541-3ea3-f788-19cb-aa5abb3180f5");
        assertThat(tokenizer.indexTerms("d4eb5541-3ea3-f788-19cb-aa5abb3180f")).as("one digit short: not a UUID")
                .contains("d4eb5541", "3ea3");
    }

    @Test
    void emailIsIndexedWholeAndByParts() {
        assertThat(tokenizer.indexTerms("Alice@Example.com"))
                .containsExactly("alice@example.com", "alice", "example.com", "example", "com");
    }

    @Test
    void arnIsIndexedWholeAndByParts() {
        assertThat(tokenizer.indexTerms("arn:aws:iam::123456789012:user/alice"))
                .containsExactlyInAnyOrder("arn:aws:iam::123456789012:user/alice", "arn", "aws", "iam",
                        "123456789012", "user/alice", "user", "alice");
    }

    @Test
    void domainIsIndexedWholeAndByLabels() {
        assertThat(tokenizer.indexTerms("ec2.amazonaws.com."))
                .containsExactly("ec2.amazonaws.com", "amazonaws.com", "ec2", "amazonaws", "com");
        assertThat(tokenizer.indexTerms("console.ec2.amazonaws.com"))
                .as("parent domains, so a domain search finds its sub-domains")
                .contains("console.ec2.amazonaws.com", "ec2.amazonaws.com", "amazonaws.com", "console")
                .doesNotContain("ec2.amazonaws", ".com");
        assertThat(tokenizer.indexTerms("1.2.3.4.5")).as("dotted numbers are not domains").doesNotContain("3.4.5");
    }

    @Test
    void urlIsIndexedWholeHostPathAndQuery() {
        assertThat(tokenizer.indexTerms("https://Host.example.com:8443/a/b?q=1&r=x"))
                .contains("https://host.example.com:8443/a/b?q=1&r=x", "https", "host.example.com:8443/a/b",
                        "host.example.com", "example", "8443", "a", "b", "q=1", "q", "1", "r=x", "r", "x")
                .doesNotContain("host.example.com:8443/a/b?q=1&r=x");
    }

    @Test
    void keyValueFragmentsAreIndexedWholeAndByParts() {
        assertThat(tokenizer.indexTerms("user=alice,role=admin"))
                .containsExactly("user=alice", "user", "alice", "role=admin", "role", "admin");
    }

    @Test
    void awsIdentifiersAreWholeAndHyphenatedOnesAlsoByParts() {
        assertThat(tokenizer.indexTerms("AKIAIOSFODNN7EXAMPLE")).containsExactly("akiaiosfodnn7example");
        assertThat(tokenizer.indexTerms("i-0123456789abcdef0"))
                .containsExactly("i-0123456789abcdef0", "i", "0123456789abcdef0");
        assertThat(tokenizer.indexTerms("us-east-1")).containsExactly("us-east-1", "us", "east", "1");
    }

    @Test
    void sentencePunctuationIsNotPartOfTerms() {
        assertThat(tokenizer.indexTerms("Denied: (user \"bob\"), see /var/log.")).containsExactly(
                "denied", "user", "bob", "see", "var/log", "var", "log");
    }

    @Test
    void isoTimestampsAreWholePlusDate() {
        assertThat(tokenizer.indexTerms("2020-10-01T00:00:05Z"))
                .containsExactly("2020-10-01t00:00:05z", "2020-10-01");
    }

    @Test
    void numbersAreExactDecimalText() {
        assertThat(TermTokenizer.numberText(1234567L)).isEqualTo("1234567");
        assertThat(TermTokenizer.numberText(1234567.0)).isEqualTo("1234567");
        assertThat(TermTokenizer.numberText(1.5e-7)).isEqualTo("0.00000015");
        assertThat(TermTokenizer.numberText(new BigDecimal("0.10"))).isEqualTo("0.10");
        assertThat(TermTokenizer.numberText(new BigInteger("123456789012345678901234567890")))
                .isEqualTo("123456789012345678901234567890");
        assertThat(TermTokenizer.numberText(-0.0)).isEqualTo("0");
        assertThat(tokenizer.indexTerms("-5 0.10")).containsExactly("-5", "0.10");
    }

    @Test
    void longTermsAreCutToTheBoundAtIndexAndQueryTimeAlike() {
        TermTokenizer small = new TermTokenizer(8);
        assertThat(small.indexTerms("abcdefghijkl-xy")).containsExactly("abcdefgh", "xy");
        assertThat(small.queryTerms("ABCDEFGHIJKL-XY")).containsExactly("abcdefgh");
        String longValue = "x".repeat(500);
        assertThat(tokenizer.indexTerms(longValue)).containsExactly("x".repeat(128));
        assertThatThrownBy(() -> new TermTokenizer(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void queryTermsAreTheWholeChunksWhichTheIndexAlwaysHolds() {
        assertThat(tokenizer.queryTerms("hello world-wide, Alice@Example.com"))
                .containsExactly("hello", "world-wide", "alice@example.com");
        for (String value : new String[] {"arn:aws:iam::1:user/x", "https://h/p?q=1", "i-0abc", "10.0.0.1"}) {
            assertThat(tokenizer.indexTerms(value)).containsAll(tokenizer.queryTerms(value));
        }
        assertThat(tokenizer.queryTerms("!!! ...")).isEmpty();
    }

    @Test
    void fillsTheCallersSetWithoutDuplicates() {
        Set<String> terms = new HashSet<>();
        tokenizer.addTerms("a.a a-a", terms);
        assertThat(terms).containsExactlyInAnyOrder("a.a", "a", "a-a");
    }

    @Test
    void lettersBeyondAsciiAreWordCharacters() {
        assertThat(tokenizer.indexTerms("Grüße, Ünïcode 日本語")).containsExactly("grüße", "ünïcode", "日本語");
    }
}
