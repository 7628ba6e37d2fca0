package io.loadproof.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

import org.bson.BsonBinaryWriter;
import org.bson.io.BasicOutputBuffer;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.loadproof.model.MongoNames;
import io.loadproof.model.Payloads;
import io.loadproof.model.QueuedWrite;

/**
 * What a whole judge run writes into MongoDB's volume, and setup.sh's check that Docker's root
 * directory (where k3d keeps the volumes, whatever the claims ask) has the room: the BSON size of
 * one stored document, computed here with the BSON library, is the one setup.sh and
 * docs/kubernetes.md use; setup.sh warns with the numbers when df reports less free space.
 */
class DockerDiskTest {

    /** Documents the 13-minute profile stored in the lab run of docs/benchmarks.md. */
    private static final long LAB_FULL_RUN_DOCUMENTS = 47_871_150L;

    @TempDir
    Path home;

    /** The stored form of a document: _id, type, index, payload, timestamp (the writer's RecordEncoder). */
    static int documentBsonBytes() {
        BasicOutputBuffer buffer = new BasicOutputBuffer();
        try (BsonBinaryWriter writer = new BsonBinaryWriter(buffer)) {
            writer.writeStartDocument();
            writer.writeObjectId(MongoNames.ID, new ObjectId());
            writer.writeString(MongoNames.TYPE, MongoNames.WRITE_TYPE);
            writer.writeInt32(MongoNames.INDEX, QueuedWrite.DOCUMENTS_PER_REQUEST - 1);
            writer.writeString(MongoNames.PAYLOAD, Payloads.generate(42, 0));
            writer.writeDateTime(MongoNames.TIMESTAMP, Instant.now().toEpochMilli());
            writer.writeEndDocument();
        }
        return buffer.getPosition();
    }

    @Test
    void setupAndTheDocsUseTheBsonSizeOfAStoredDocument() {
        assertThat(Payloads.generate(42, 0)).hasSize(512);
        long bson = documentBsonBytes();
        assertThat(SetupScript.number("MONGO_DOCUMENT_BYTES")).isEqualTo(bson);
        long perDocument = bson + SetupScript.number("MONGO_INDEX_BYTES_PER_DOCUMENT");
        long documents = SetupScript.number("RUN_REQUESTS") * QueuedWrite.DOCUMENTS_PER_REQUEST;
        String docs = Repo.read("docs/kubernetes.md");
        assertThat(docs).contains(bson + " bytes of BSON", String.format(Locale.ROOT, "%,d documents", LAB_FULL_RUN_DOCUMENTS),
                rounded(LAB_FULL_RUN_DOCUMENTS * bson), rounded(LAB_FULL_RUN_DOCUMENTS * perDocument),
                String.format(Locale.ROOT, "%,d documents", documents), rounded(documents * perDocument),
                gb(neededBytes()) + " GB");
    }

    @Test
    void aDockerRootWithLessFreeSpaceThanAWholeRunNeedsIsWarnedWithTheNumbers() {
        String needed = gb(neededBytes()) + " GB";
        Processes.Result small = SetupScriptTest.setup(
                SetupScriptTest.existingCluster(home.resolve("small"), "8 17179869184", 32768, 10_000_000), "--skip-build");
        assertThat(small.exitCode()).as(small.describe()).isZero();
        assertThat(small.stderr()).contains("warning: Docker's root directory /var/lib/docker has 10.2 GB free; a whole judge run needs "
                + needed, "58500000 documents x (" + documentBsonBytes() + " B of BSON + 32 B of _id index)", "an upper bound",
                "8 GiB of Redis' append-only file");

        Processes.Result roomy = SetupScriptTest.setup(
                SetupScriptTest.existingCluster(home.resolve("roomy"), "8 17179869184", 32768, SetupScriptTest.ROOMY_DISK_KIB),
                "--skip-build");
        assertThat(roomy.stderr()).doesNotContain("warning");
        assertThat(roomy.stdout()).contains("Docker's root directory /var/lib/docker has 100.0 GB free; a whole judge run needs " + needed);
    }

    @Test
    void aDockerRootThatIsNotOnThisMachineIsSaidWithWhatItNeeds() {
        Processes.Result remote = SetupScriptTest.setup(
                SetupScriptTest.existingCluster(home, "8 17179869184", 32768, -1), "--skip-build");
        assertThat(remote.exitCode()).as(remote.describe()).isZero();
        assertThat(remote.stderr()).contains("the free space of Docker's root directory (/var/lib/docker) cannot be read here",
                "A whole judge run needs " + gb(neededBytes()) + " GB");
    }

    @Test
    void aDryRunPrintsTheQuestionAndTheNeedWithoutAsking() {
        ToolSandbox sandbox = ToolSandbox.create(home, ToolSandbox.DEPLOYMENT_TOOLS);
        Processes.Result result = SetupScriptTest.setup(sandbox, "--dry-run");
        assertThat(result.stdout()).contains("+ docker info --format {{.DockerRootDir}}",
                "a whole judge run needs " + gb(neededBytes()) + " GB");
        assertThat(sandbox.calls()).isEmpty();
    }

    private static long neededBytes() {
        return SetupScript.number("RUN_REQUESTS") * QueuedWrite.DOCUMENTS_PER_REQUEST
                * (documentBsonBytes() + SetupScript.number("MONGO_INDEX_BYTES_PER_DOCUMENT"))
                + (SetupScript.number("REDIS_VOLUME_GIB") << 30);
    }

    private static String rounded(long bytes) {
        return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }

    /** As setup.sh prints it: GB (10^9) with one decimal, cut, not rounded. */
    static String gb(long bytes) {
        return bytes / 1_000_000_000 + "." + bytes % 1_000_000_000 / 100_000_000;
    }
}
