package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Namespace;

/** Every manifest parses into the Kubernetes model, is clean, and is applied by setup.sh. */
class ManifestsTest {

    /** kubectl apply, or setup.sh's apply_service, which applies a service's folder. */
    private static final Pattern APPLY = Pattern.compile("(?:apply -f|apply_service) (k8s/[\\w./-]+)");

    @Test
    void everyYamlFileParsesIntoKnownKubernetesObjects() {
        assertThat(Manifests.files()).as("manifest files under k8s/").hasSizeGreaterThanOrEqualTo(15);
        Set<Path> filesWithObjects = new HashSet<>();
        for (Manifests.Document document : Manifests.all()) {
            filesWithObjects.add(document.file());
            assertThat(document.object().getMetadata()).as(document.where() + " metadata").isNotNull();
            assertThat(document.object().getMetadata().getName()).as(document.where() + " name").isNotBlank();
        }
        assertThat(filesWithObjects).as("files holding at least one object").containsExactlyInAnyOrderElementsOf(Manifests.files());
    }

    @Test
    void noFieldIsUnknownToTheModel() {
        for (Manifests.Document document : Manifests.all()) {
            assertThat(Manifests.unknownFields(document.object()))
                    .as(document.where() + ": fields the Kubernetes model does not know (typos or misplaced keys)")
                    .isEmpty();
        }
    }

    @Test
    void theUnknownFieldCheckCatchesATypo() {
        var deployment = Manifests.parse("""
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: typo, namespace: assessment}
                spec:
                  selector: {matchLabels: {app: typo}}
                  template:
                    metadata: {labels: {app: typo}}
                    spec:
                      containers:
                        - name: typo
                          image: busybox
                          readinesProbe: {httpGet: {path: /readyz, port: 8000}}
                """);
        assertThat(Manifests.unknownFields(deployment)).singleElement().asString().contains("readinesProbe");
    }

    @Test
    void everythingLivesInTheAssessmentNamespace() {
        assertThat(Manifests.named(Namespace.class, Manifests.NAMESPACE)).isNotNull();
        for (Manifests.Document document : Manifests.all()) {
            if (document.object() instanceof Namespace) {
                continue;
            }
            assertThat(document.object().getMetadata().getNamespace()).as(document.where() + " namespace")
                    .isEqualTo(Manifests.NAMESPACE);
        }
    }

    @Test
    void namesAreUniquePerKind() {
        Set<String> seen = new HashSet<>();
        for (Manifests.Document document : Manifests.applied()) {
            String key = document.object().getKind() + "/" + document.object().getMetadata().getName();
            assertThat(seen.add(key)).as(document.where() + ": duplicate " + key).isTrue();
        }
    }

    @Test
    void setupAppliesEveryManifestFolderAndOnlyExistingOnes() throws Exception {
        Set<Path> appliedTargets = new HashSet<>();
        Matcher matcher = APPLY.matcher(Repo.read("setup.sh"));
        while (matcher.find()) {
            Path target = Repo.path(matcher.group(1));
            assertThat(target).as("setup.sh applies " + matcher.group(1)).exists();
            appliedTargets.add(target.normalize());
        }
        List<Path> appliedFiles = Manifests.applied().stream().map(Manifests.Document::file).distinct().toList();
        for (Path file : appliedFiles) {
            boolean covered = appliedTargets.stream().anyMatch(target -> file.normalize().startsWith(target));
            assertThat(covered).as(Repo.root().relativize(file) + " is applied by setup.sh").isTrue();
        }
        try (var entries = Files.list(Manifests.directory().resolve(Manifests.EXAMPLES_DIRECTORY))) {
            assertThat(entries.noneMatch(example -> appliedTargets.contains(example.normalize())))
                    .as("the examples are never applied").isTrue();
        }
    }
}
