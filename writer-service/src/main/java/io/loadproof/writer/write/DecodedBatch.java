package io.loadproof.writer.write;

import java.util.ArrayList;
import java.util.List;

import org.bson.RawBsonDocument;
import org.jboss.logging.Logger;

import io.loadproof.model.MalformedEntryException;
import io.loadproof.model.NewerVersionException;
import io.loadproof.model.QueuedDocument;
import io.loadproof.model.QueuedWrite;
import io.loadproof.model.QueuedWriteCodec;
import io.loadproof.model.RedisKeys;
import io.loadproof.writer.persistence.InsertResult;
import io.loadproof.writer.persistence.RecordEncoder;
import io.loadproof.writer.queue.QueuedEntry;

/**
 * A batch of stream entries sorted by what can be done with them: the ones that decoded, with
 * their documents encoded for one insertMany; the malformed ones, for the dead-letter stream; and
 * the ones of a newer codec version, for a writer that knows it.
 */
final class DecodedBatch {

    private static final Logger LOG = Logger.getLogger(DecodedBatch.class);

    /** An entry with the position of its first document in the batch. */
    record Decoded(QueuedEntry entry, QueuedWrite write, int firstDocument) {

        /** The reason MongoDB rejected one of this entry's documents, or null when all are stored. */
        String rejection(InsertResult result) {
            for (int i = firstDocument; i < firstDocument + write.size() && !result.rejected().isEmpty(); i++) {
                String reason = result.rejected().get(i);
                if (reason != null) {
                    return reason;
                }
            }
            return null;
        }
    }

    record Malformed(QueuedEntry entry, String reason) {
    }

    record Newer(QueuedEntry entry, int version) {
    }

    final List<Decoded> decoded;
    final List<RawBsonDocument> documents;
    final List<Malformed> malformed = new ArrayList<>();
    final List<Newer> newer = new ArrayList<>();

    private DecodedBatch(int entries) {
        decoded = new ArrayList<>(entries);
        documents = new ArrayList<>(entries * QueuedWrite.DOCUMENTS_PER_REQUEST);
    }

    /** Decodes the entries and encodes their documents with the worker's encoder (see {@link RecordEncoder}). */
    static DecodedBatch decode(List<QueuedEntry> entries, RecordEncoder encoder) {
        DecodedBatch batch = new DecodedBatch(entries.size());
        encoder.startBatch();
        for (QueuedEntry entry : entries) {
            try {
                batch.add(entry, decode(entry), encoder);
            } catch (NewerVersionException e) {
                batch.newer.add(new Newer(entry, e.version()));
            } catch (MalformedEntryException e) {
                batch.malformed.add(new Malformed(entry, "malformed: " + e.getMessage()));
            } catch (RuntimeException e) {
                LOG.errorf(e, "Bug: decoding entry %s failed; it goes to the dead-letter stream", entry.id());
                batch.malformed.add(new Malformed(entry, "writer error: " + e));
            }
        }
        return batch;
    }

    private static QueuedWrite decode(QueuedEntry entry) {
        if (entry.message() == null) {
            throw new MalformedEntryException("no '" + RedisKeys.ENTRY_FIELD + "' field");
        }
        return QueuedWriteCodec.decode(entry.message());
    }

    /** Encodes every document before adding any, so an entry that fails half-way leaves the batch as it was. */
    private void add(QueuedEntry entry, QueuedWrite write, RecordEncoder encoder) {
        List<RawBsonDocument> encoded = new ArrayList<>(write.size());
        for (QueuedDocument document : write.documents()) {
            encoded.add(encoder.encode(document));
        }
        decoded.add(new Decoded(entry, write, documents.size()));
        documents.addAll(encoded);
    }

    List<String> ids() {
        return decoded.stream().map(entry -> entry.entry().id()).toList();
    }

    /** The newest ids MongoDB stored: those of the last entries written, up to 5. */
    List<String> newestWrittenIds(InsertResult result) {
        List<String> newest = new ArrayList<>(QueuedWrite.DOCUMENTS_PER_REQUEST);
        for (int i = decoded.size() - 1; i >= 0 && newest.size() < QueuedWrite.DOCUMENTS_PER_REQUEST; i--) {
            Decoded entry = decoded.get(i);
            if (entry.rejection(result) == null) {
                List<String> ids = entry.write().hexIds();
                for (int j = ids.size() - 1; j >= 0 && newest.size() < QueuedWrite.DOCUMENTS_PER_REQUEST; j--) {
                    newest.add(0, ids.get(j));
                }
            }
        }
        return newest;
    }
}
