package dev.minerva.templates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An API Gateway deployment is a snapshot of the methods taken when it is created, and CloudFormation creates a new
 * one only when the deployment resource changes. Its logical id therefore ends in a hash of every resource and
 * method: editing a method without renaming the deployment fails here, with the id to use.
 */
class ApiDeploymentTest {
    private static final Map<String, Object> TEMPLATE = Templates.load(Templates.MAIN);

    /** The logical id the API deployment must have for the resources and methods of the template as it is. */
    static String expectedDeploymentId() {
        Map<String, Object> api = new TreeMap<>();
        api.putAll(Templates.ofType(TEMPLATE, "AWS::ApiGateway::Resource"));
        api.putAll(Templates.ofType(TEMPLATE, "AWS::ApiGateway::Method"));
        return "ApiDeployment" + Templates.hash(api);
    }

    @Test
    void theDeploymentIdIsTheHashOfTheApisResourcesAndMethods() {
        assertThat(Templates.ofType(TEMPLATE, "AWS::ApiGateway::Deployment").keySet())
                .as("the methods changed: rename the deployment (and the stage's DeploymentId) to the expected id")
                .containsExactly(expectedDeploymentId());
    }

    @Test
    void theStageServesThatDeploymentAndDependsOnEveryMethod() {
        String deployment = expectedDeploymentId();
        assertThat(Templates.properties(TEMPLATE, "ApiStage").get("DeploymentId")).isEqualTo(Map.of("Ref", deployment));
        @SuppressWarnings("unchecked")
        java.util.List<String> dependsOn = (java.util.List<String>) ((Map<?, ?>) Templates.resources(TEMPLATE).get(deployment)).get("DependsOn");
        assertThat(dependsOn).containsExactlyInAnyOrderElementsOf(Templates.ofType(TEMPLATE, "AWS::ApiGateway::Method").keySet());
    }
}
