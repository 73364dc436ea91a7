package dev.minerva.templates;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.api.SoftAssertions;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * CloudFormation publishes a Lambda version only when the version resource itself changes, so each version's
 * description carries every parameter its function depends on and a hash of the function's definition: a new JAR
 * (key or object version), a new setting or an edited template all publish a version the alias then points at.
 */
class FunctionVersionsTest {
    private static final Map<String, Object> TEMPLATE = Templates.load(Templates.MAIN);

    @Test
    void everyFunctionHasOnePublishedVersionAndAnAliasOnIt() {
        Map<String, Map<String, Object>> functions = Templates.ofType(TEMPLATE, "AWS::Lambda::Function");
        assertThat(functions).containsOnlyKeys("IndexerFunction", "CompactorFunction", "SearchFunction");
        for (String function : functions.keySet()) {
            assertThat(versionsOf(function)).as("versions of %s", function).hasSize(1);
            String version = versionsOf(function).get(0);
            assertThat(Templates.ofType(TEMPLATE, "AWS::Lambda::Alias").values()).as("alias of %s", function)
                    .anySatisfy(alias -> assertThat(alias.get("Properties")).isEqualTo(Map.of(
                            "FunctionName", Map.of("Ref", function),
                            "FunctionVersion", Map.of("Fn::GetAtt", List.of(version, "Version")),
                            "Name", "live",
                            "Description", ((Map<?, ?>) alias.get("Properties")).get("Description"))));
        }
    }

    @Test
    void eachVersionDescriptionNamesEveryParameterItsFunctionDependsOn() {
        for (String function : Templates.ofType(TEMPLATE, "AWS::Lambda::Function").keySet()) {
            Set<String> used = Templates.parametersUsed(TEMPLATE, Templates.properties(TEMPLATE, function));
            Object description = Templates.properties(TEMPLATE, versionsOf(function).get(0)).get("Description");
            assertThat(Templates.parametersUsed(TEMPLATE, description))
                    .as("parameters in the version description of %s (it must change whenever the function does)", function)
                    .containsAll(used);
        }
    }

    @Test
    void eachVersionDescriptionCarriesTheHashOfItsFunctionsDefinition() {
        SoftAssertions softly = new SoftAssertions();
        for (String function : Templates.ofType(TEMPLATE, "AWS::Lambda::Function").keySet()) {
            String expected = "def=" + Templates.hash(Templates.properties(TEMPLATE, function));
            @SuppressWarnings("unchecked")
            List<Object> sub = (List<Object>) ((Map<String, Object>) Templates.properties(TEMPLATE, versionsOf(function).get(0))
                    .get("Description")).get("Fn::Sub");
            softly.assertThat((String) sub.get(0))
                    .as("%s changed: end the description of its version with %s so that a new version is published",
                            function, expected)
                    .endsWith(expected);
        }
        softly.assertAll();
    }

    @Test
    void triggersInvokeTheAliasesNotTheUnpublishedFunction() {
        assertThat(Templates.properties(TEMPLATE, "IndexerEventSource").get("FunctionName")).isEqualTo(Map.of("Ref", "IndexerAlias"));
        assertThat(Templates.properties(TEMPLATE, "CompactorSchedulePermission").get("FunctionName"))
                .isEqualTo(Map.of("Ref", "CompactorAlias"));
        assertThat(Templates.properties(TEMPLATE, "SearchInvokePermission").get("FunctionName")).isEqualTo(Map.of("Ref", "SearchAlias"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> targets = (List<Map<String, Object>>) Templates.properties(TEMPLATE, "CompactorSchedule").get("Targets");
        assertThat(targets).singleElement().satisfies(t -> assertThat(t.get("Arn")).isEqualTo(Map.of("Ref", "CompactorAlias")));
        for (String method : Templates.ofType(TEMPLATE, "AWS::ApiGateway::Method").keySet()) {
            assertThat(Templates.references(Templates.properties(TEMPLATE, method).get("Integration")))
                    .as("integration of %s", method).contains("SearchAlias").doesNotContain("SearchFunction");
        }
    }

    private static List<String> versionsOf(String function) {
        return Templates.ofType(TEMPLATE, "AWS::Lambda::Version").entrySet().stream()
                .filter(e -> Map.of("Ref", function).equals(((Map<?, ?>) e.getValue().get("Properties")).get("FunctionName")))
                .map(Map.Entry::getKey).toList();
    }
}
