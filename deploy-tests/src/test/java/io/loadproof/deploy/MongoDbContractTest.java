package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.loadproof.model.EnvironmentVariable;

/**
 * "The 100-IOPS MongoDB" of the assessment, which the rules forbid changing. Each of its three
 * objects is flattened into one line per field ({@code spec.replicas = 1}) and compared with the
 * contract's facts: a changed value, a missing field and an added field (a security context, a
 * port name, a storage class) all fail.
 */
class MongoDbContractTest {

    private static final String PING = "db.adminCommand('ping').ok";

    /** The Deployment, field by field (strings quoted, numbers bare). */
    static final Map<String, String> DEPLOYMENT = facts(
            "apiVersion", "apps/v1",
            "kind", "Deployment",
            "metadata.name", "mongo",
            "metadata.namespace", "assessment",
            "metadata.labels.app", "mongo",
            "metadata.labels.assessment", "true",
            "spec.replicas", 1,
            "spec.selector.matchLabels.app", "mongo",
            "spec.strategy.type", "Recreate",
            "spec.template.metadata.labels.app", "mongo",
            "spec.template.spec.terminationGracePeriodSeconds", 30,
            "spec.template.spec.containers[0].name", "mongo",
            "spec.template.spec.containers[0].image", "mongo:7.0",
            "spec.template.spec.containers[0].ports[0].containerPort", 27017,
            "spec.template.spec.containers[0].args[0]", "--wiredTigerCacheSizeGB=0.25",
            "spec.template.spec.containers[0].args[1]", "--setParameter",
            "spec.template.spec.containers[0].args[2]", "wiredTigerConcurrentReadTransactions=10",
            "spec.template.spec.containers[0].args[3]", "--setParameter",
            "spec.template.spec.containers[0].args[4]", "wiredTigerConcurrentWriteTransactions=10",
            "spec.template.spec.containers[0].resources.requests.memory", "256Mi",
            "spec.template.spec.containers[0].resources.requests.cpu", "250m",
            "spec.template.spec.containers[0].resources.limits.memory", "500Mi",
            "spec.template.spec.containers[0].resources.limits.cpu", "500m",
            "spec.template.spec.containers[0].volumeMounts[0].name", "mongo-storage",
            "spec.template.spec.containers[0].volumeMounts[0].mountPath", "/data/db",
            "spec.template.spec.containers[0].readinessProbe.exec.command[0]", "mongosh",
            "spec.template.spec.containers[0].readinessProbe.exec.command[1]", "--eval",
            "spec.template.spec.containers[0].readinessProbe.exec.command[2]", PING,
            "spec.template.spec.containers[0].readinessProbe.exec.command[3]", "--quiet",
            "spec.template.spec.containers[0].readinessProbe.initialDelaySeconds", 20,
            "spec.template.spec.containers[0].readinessProbe.periodSeconds", 10,
            "spec.template.spec.containers[0].readinessProbe.timeoutSeconds", 5,
            "spec.template.spec.containers[0].readinessProbe.failureThreshold", 6,
            "spec.template.spec.containers[0].livenessProbe.exec.command[0]", "mongosh",
            "spec.template.spec.containers[0].livenessProbe.exec.command[1]", "--eval",
            "spec.template.spec.containers[0].livenessProbe.exec.command[2]", PING,
            "spec.template.spec.containers[0].livenessProbe.exec.command[3]", "--quiet",
            "spec.template.spec.containers[0].livenessProbe.initialDelaySeconds", 60,
            "spec.template.spec.containers[0].livenessProbe.periodSeconds", 20,
            "spec.template.spec.containers[0].livenessProbe.timeoutSeconds", 5,
            "spec.template.spec.containers[0].livenessProbe.failureThreshold", 5,
            "spec.template.spec.volumes[0].name", "mongo-storage",
            "spec.template.spec.volumes[0].persistentVolumeClaim.claimName", "mongo-pvc");

    /** The claim: no storageClassName, so the cluster's default class serves it. */
    static final Map<String, String> CLAIM = facts(
            "apiVersion", "v1",
            "kind", "PersistentVolumeClaim",
            "metadata.name", "mongo-pvc",
            "metadata.namespace", "assessment",
            "metadata.labels.app", "mongo",
            "metadata.labels.assessment", "true",
            "spec.accessModes[0]", "ReadWriteOnce",
            "spec.resources.requests.storage", "2Gi");

    static final Map<String, String> SERVICE = facts(
            "apiVersion", "v1",
            "kind", "Service",
            "metadata.name", "mongo",
            "metadata.namespace", "assessment",
            "metadata.labels.app", "mongo",
            "metadata.labels.assessment", "true",
            "spec.type", "ClusterIP",
            "spec.selector.app", "mongo",
            "spec.ports[0].name", "mongo",
            "spec.ports[0].port", 27017,
            "spec.ports[0].targetPort", 27017,
            "spec.ports[0].protocol", "TCP");

    @Test
    void theDeploymentIsTheContractsFieldByField() {
        assertSameFacts(raw("Deployment", "mongo"), DEPLOYMENT);
    }

    @Test
    void theVolumeClaimIsTheContractsFieldByField() {
        assertSameFacts(raw("PersistentVolumeClaim", "mongo-pvc"), CLAIM);
    }

    @Test
    void theServiceIsTheContractsFieldByField() {
        assertSameFacts(raw("Service", "mongo"), SERVICE);
    }

    @Test
    void theFolderHoldsTheseThreeObjectsAndNothingElse() {
        Path folder = Repo.path("k8s/mongodb");
        List<String> objects = Manifests.applied().stream().filter(document -> document.file().startsWith(folder))
                .map(document -> document.object().getKind() + "/" + document.object().getMetadata().getName())
                .sorted().toList();
        assertThat(objects).containsExactly("Deployment/mongo", "PersistentVolumeClaim/mongo-pvc", "Service/mongo");
    }

    /** The comparison itself: it must see a field added to the pod or the container, and a changed timing. */
    @Test
    void theComparisonCatchesAddedAndChangedFields() {
        ObjectNode deployment = raw("Deployment", "mongo").deepCopy();
        ObjectNode pod = (ObjectNode) deployment.at("/spec/template/spec");
        pod.put("enableServiceLinks", false);
        ObjectNode container = (ObjectNode) ((ArrayNode) pod.get("containers")).get(0);
        container.put("imagePullPolicy", "IfNotPresent");
        ((ObjectNode) container.get("readinessProbe")).put("initialDelaySeconds", 10);
        ((ArrayNode) container.at("/livenessProbe/exec/command")).remove(3);

        Map<String, String> actual = fieldsOf(deployment);
        assertThat(differences(actual, DEPLOYMENT)).containsExactlyInAnyOrder(
                "added   spec.template.spec.enableServiceLinks = false",
                "added   spec.template.spec.containers[0].imagePullPolicy = \"IfNotPresent\"",
                "changed spec.template.spec.containers[0].readinessProbe.initialDelaySeconds = 10, the contract says 20",
                "missing spec.template.spec.containers[0].livenessProbe.exec.command[3] = \"--quiet\"");
        JsonNode booleanLabel = Manifests.tree("metadata: {labels: {assessment: true}}");
        assertThat(differences(fieldsOf(booleanLabel), Map.of("metadata.labels.assessment", "\"true\"")))
                .as("a label written as a YAML boolean is not the contract's string")
                .containsExactly("changed metadata.labels.assessment = true, the contract says \"true\"");
    }

    @Test
    void theServicesConnectToMongoOnItsPort() {
        for (String deployment : List.of(WiringTest.API, WiringTest.WRITER)) {
            assertThat(WiringTest.env(Manifests.container(deployment), EnvironmentVariable.MONGO_URI.name())).as(deployment)
                    .isEqualTo("mongodb://mongo:27017");
        }
    }

    private static ObjectNode raw(String kind, String name) {
        List<JsonNode> found = Manifests.applied().stream().map(Manifests.Document::raw)
                .filter(node -> kind.equals(node.path("kind").asText()) && name.equals(node.at("/metadata/name").asText()))
                .toList();
        assertThat(found).as(kind + " " + name + " in k8s/").hasSize(1);
        return (ObjectNode) found.get(0);
    }

    private static void assertSameFacts(JsonNode object, Map<String, String> contract) {
        assertThat(differences(fieldsOf(object), contract)).as("differences from the contract").isEmpty();
    }

    /** One line per difference: a field the contract does not have, one it has that is absent, or another value. */
    static List<String> differences(Map<String, String> actual, Map<String, String> contract) {
        TreeSet<String> paths = new TreeSet<>(actual.keySet());
        paths.addAll(contract.keySet());
        return paths.stream().map(path -> {
            String is = actual.get(path);
            String should = contract.get(path);
            if (should == null) {
                return "added   " + path + " = " + is;
            }
            if (is == null) {
                return "missing " + path + " = " + should;
            }
            return is.equals(should) ? null : "changed " + path + " = " + is + ", the contract says " + should;
        }).filter(line -> line != null).toList();
    }

    /** Every leaf of a YAML document: path to value, strings in quotes so that "true" and true differ. */
    static Map<String, String> fieldsOf(JsonNode node) {
        Map<String, String> fields = new TreeMap<>();
        flatten(node, "", fields);
        return fields;
    }

    private static void flatten(JsonNode node, String path, Map<String, String> fields) {
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> flatten(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), fields));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                flatten(node.get(i), path + "[" + i + "]", fields);
            }
        } else {
            fields.put(path, node.isTextual() ? "\"" + node.asText() + "\"" : node.asText());
        }
    }

    private static Map<String, String> facts(Object... pairs) {
        Map<String, String> facts = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            facts.put((String) pairs[i], value instanceof String text ? "\"" + text + "\"" : String.valueOf(value));
        }
        return facts;
    }
}
