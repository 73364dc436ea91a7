package dev.minerva.core.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.minerva.core.query.TagPermissions;
import dev.minerva.spi.MinervaException;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Permission rules, identities and the header that may only narrow them. */
class CallerPermissionsTest {
    private static final PermissionRules RULES = PermissionRules.parse("""
            # security team: everything
            arn:aws:iam::111122223333:role/SecurityAdmin = *
            arn:aws:sts::111122223333:assumed-role/Analyst/* = aws.cloudtrail, aws.vpc*   # analysts
            arn:aws:iam::111122223333:user/alice = syslog; api-key:k123 = aws.*
            """, "rules.txt");

    private static ApiRequest request(String caller, String header) {
        return new ApiRequest("GET", "/api/v1/search", Map.of(), header == null ? Map.of()
                : Map.of("x-permitted-tags", header), "", "192.0.2.1", "r", caller);
    }

    @Test
    void aCallerGetsTheTagsOfEveryRuleThatMatchesItAndNothingWhenNoneDoes() {
        assertThat(RULES.permissions("arn:aws:sts::111122223333:assumed-role/Analyst/bob"))
                .isEqualTo(TagPermissions.only(Set.of("aws.cloudtrail", "aws.vpc*")));
        // An assumed role matches as its role too.
        assertThat(RULES.permissions("arn:aws:sts::111122223333:assumed-role/SecurityAdmin/carol").unrestricted())
                .isTrue();
        assertThat(RULES.permissions("api-key:k123")).isEqualTo(TagPermissions.only(Set.of("aws.*")));
        assertThat(RULES.permissions("arn:aws:iam::111122223333:user/mallory").permitsNothing()).isTrue();
        assertThat(RULES.permissions("").permitsNothing()).isTrue();
        assertThat(PermissionRules.none().permissions("arn:aws:iam::1:root").permitsNothing()).isTrue();
    }

    @Test
    void aBadRuleNamesItsLineAndWhatARuleLooksLike() {
        assertThatThrownBy(() -> PermissionRules.parse("a = b\nno equals sign", "s3://bucket/rules.txt"))
                .isInstanceOf(MinervaException.class)
                .hasMessageContaining("s3://bucket/rules.txt:2")
                .hasMessageContaining("<caller pattern> = <tag pattern>");
        assertThatThrownBy(() -> PermissionRules.parse("arn:x = a*b", "MINERVA_PERMISSIONS"))
                .hasMessageContaining("MINERVA_PERMISSIONS:1").hasMessageContaining("trailing '*'");
    }

    @Test
    void theHeaderMayNarrowTheIdentityButNeverWidenIt() {
        CallerPermissions identity = CallerPermissions.fromIdentity(() -> RULES);
        String analyst = "arn:aws:sts::111122223333:assumed-role/Analyst/bob";
        assertThat(identity.of(request(analyst, null))).isEqualTo(TagPermissions.only(Set.of("aws.cloudtrail",
                "aws.vpc*")));
        assertThat(identity.of(request(analyst, "*"))).isEqualTo(identity.of(request(analyst, "")));
        assertThat(identity.of(request(analyst, "aws.vpcflow"))).isEqualTo(TagPermissions.only(Set.of("aws.vpcflow")));
        assertThatThrownBy(() -> identity.of(request(analyst, "aws.cloudtrail,aws.guardduty")))
                .isInstanceOf(AccessDeniedException.class).hasMessageContaining("may only narrow");
        assertThatThrownBy(() -> identity.of(request("arn:aws:iam::111122223333:user/mallory", "aws.cloudtrail")))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("No tags are permitted to arn:aws:iam::111122223333:user/mallory");
    }

    @Test
    void withoutATrustedProxyTheHeaderIsIgnoredAndWithOneItDecides() {
        assertThat(CallerPermissions.everything().of(request("", "aws.cloudtrail")).unrestricted()).isTrue();
        assertThat(CallerPermissions.fromTrustedHeader().of(request("", "aws.cloudtrail")))
                .isEqualTo(TagPermissions.only(Set.of("aws.cloudtrail")));
        assertThat(CallerPermissions.fromTrustedHeader().of(request("", null)).unrestricted()).isTrue();
    }

    @Test
    void patternsIntersectAndCoverAsPrefixes() {
        TagPermissions aws = TagPermissions.only(Set.of("aws.*"));
        TagPermissions trail = TagPermissions.only(Set.of("aws.cloudtrail", "syslog"));
        assertThat(aws.intersect(trail)).isEqualTo(TagPermissions.only(Set.of("aws.cloudtrail")));
        assertThat(aws.covers(TagPermissions.only(Set.of("aws.vpc*", "aws.cloudtrail")))).isTrue();
        assertThat(aws.covers(trail)).isFalse();
        assertThat(aws.covers(TagPermissions.all())).isFalse();
        assertThat(aws.permits("aws.guardduty")).isTrue();
        assertThat(aws.permits("syslog")).isFalse();
    }
}
