package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** The "100-IOPS MongoDB" of the original assessment, which the rules forbid changing. */
class MongoDbContractTest {

    private static final List<String> PING = List.of("mongosh", "--eval", "db.adminCommand('ping').ok");

    private final Deployment mongodb = Manifests.deployment("mongodb");
    private final Container container = Manifests.container("mongodb");

    @Test
    void imageAndArgumentsAreTheOriginals() {
        assertThat(container.getImage()).isEqualTo("mongo:7.0");
        assertThat(container.getArgs()).containsExactly(
                "--wiredTigerCacheSizeGB=0.25",
                "--setParameter", "wiredTigerConcurrentReadTransactions=10",
                "--setParameter", "wiredTigerConcurrentWriteTransactions=10");
        assertThat(container.getCommand()).isNullOrEmpty();
        assertThat(container.getPorts()).singleElement().satisfies(port -> assertThat(port.getContainerPort()).isEqualTo(27017));
    }

    @Test
    void resourcesAreTheStarvedOriginals() {
        assertThat(container.getResources().getRequests())
                .isEqualTo(Map.of("memory", new Quantity("256Mi"), "cpu", new Quantity("250m")));
        assertThat(container.getResources().getLimits())
                .isEqualTo(Map.of("memory", new Quantity("500Mi"), "cpu", new Quantity("500m")));
    }

    @Test
    void oneReplicaRecreatedOnATwoGigabyteLocalPathVolume() {
        assertThat(mongodb.getSpec().getReplicas()).isEqualTo(1);
        assertThat(mongodb.getSpec().getStrategy().getType()).isEqualTo("Recreate");
        Volume data = mongodb.getSpec().getTemplate().getSpec().getVolumes().stream()
                .filter(volume -> volume.getPersistentVolumeClaim() != null).findFirst().orElseThrow();
        assertThat(container.getVolumeMounts()).anySatisfy(mount -> {
            assertThat(mount.getName()).isEqualTo(data.getName());
            assertThat(mount.getMountPath()).isEqualTo("/data/db");
        });
        PersistentVolumeClaim claim = Manifests.named(PersistentVolumeClaim.class, data.getPersistentVolumeClaim().getClaimName());
        assertThat(claim.getSpec().getStorageClassName()).isEqualTo("local-path");
        assertThat(claim.getSpec().getAccessModes()).containsExactly("ReadWriteOnce");
        assertThat(claim.getSpec().getResources().getRequests()).containsEntry("storage", new Quantity("2Gi"));
    }

    @Test
    void probesPingWithMongosh() {
        assertThat(container.getLivenessProbe().getExec().getCommand()).isEqualTo(PING);
        assertThat(container.getReadinessProbe().getExec().getCommand()).isEqualTo(PING);
    }

    @Test
    void reachableAsMongodbOnItsPort() {
        Service service = Manifests.named(Service.class, "mongodb");
        assertThat(service.getSpec().getPorts()).singleElement().satisfies(port -> assertThat(port.getPort()).isEqualTo(27017));
    }
}
