package io.loadproof.embedded.mongo;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoCollection;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * The collection of the lab's storage: each document kept as its BSON bytes, one array per
 * document, with its payload reduced to a {@link PayloadDigest}, and decoded when a query reads
 * it. A decoded document is a map of boxed values, several times the size of its bytes; tens of
 * millions of them are what a long lab run stores.
 */
final class EncodedCollection extends AbstractSynchronizedMongoCollection<Integer> {

    private final List<byte[]> rows = new ArrayList<>();
    private final Deque<Integer> freePositions = new ArrayDeque<>();
    private final ByteBuf encoder = Unpooled.buffer(1024);
    private long dataSize;

    EncodedCollection(MongoDatabase database, String name, CollectionOptions options, CursorRegistry cursorRegistry) {
        super(database, name, options, cursorRegistry);
    }

    /**
     * The digest replaces the payload in the request's own decoded document, which the insert
     * discards afterwards (a copy costs more than the digest); the _id index reads only the id.
     */
    @Override
    protected Integer addDocumentInternal(Document document) {
        if (document.get(PayloadDigest.FIELD) instanceof String payload) {
            document.put(PayloadDigest.FIELD, PayloadDigest.of(payload));
        }
        byte[] row = encode(document);
        Integer position = freePositions.poll();
        if (position == null) {
            rows.add(row);
            return rows.size() - 1;
        }
        rows.set(position, row);
        return position;
    }

    @Override
    protected Document getDocument(Integer position) {
        return decode(rows.get(position));
    }

    /** An update that sets a new payload stores its digest; an unchanged one is a digest already. */
    @Override
    protected void handleUpdate(Integer position, Document oldDocument, Document newDocument) {
        Object payload = newDocument.get(PayloadDigest.FIELD);
        if (payload instanceof String text && !payload.equals(oldDocument.get(PayloadDigest.FIELD))) {
            newDocument.put(PayloadDigest.FIELD, PayloadDigest.of(text));
        }
        dataSize -= rows.get(position).length;
        rows.set(position, encode(newDocument));
    }

    @Override
    protected void removeDocument(Integer position) {
        dataSize -= rows.get(position).length;
        rows.set(position, null);
        freePositions.add(position);
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
            Document fieldSelector) {
        IntStream positions = isNaturalDescending(orderBy)
                ? IntStream.iterate(rows.size() - 1, position -> position >= 0, position -> position - 1)
                : IntStream.range(0, rows.size());
        Stream<Document> documents = positions.mapToObj(rows::get).filter(Objects::nonNull).map(EncodedCollection::decode);
        return matchDocumentsFromStream(documents, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    protected Stream<DocumentWithPosition<Integer>> streamAllDocumentsWithPosition() {
        return IntStream.range(0, rows.size())
                .filter(position -> rows.get(position) != null)
                .mapToObj(position -> new DocumentWithPosition<>(getDocument(position), position));
    }

    @Override
    public synchronized int count() {
        return rows.size() - freePositions.size();
    }

    @Override
    public synchronized boolean isEmpty() {
        return count() == 0;
    }

    /** The base class would encode every document a second time only to add up sizes; the rows know theirs. */
    @Override
    protected boolean tracksDataSize() {
        return false;
    }

    @Override
    protected void updateDataSize(int sizeDelta) {
        dataSize += sizeDelta;
    }

    @Override
    protected int getDataSize() {
        return (int) Math.min(Integer.MAX_VALUE, dataSize);
    }

    private byte[] encode(Document document) {
        encoder.clear();
        BsonEncoder.encodeDocument(document, encoder);
        byte[] row = new byte[encoder.readableBytes()];
        encoder.readBytes(row);
        dataSize += row.length;
        return row;
    }

    private static Document decode(byte[] row) {
        return BsonDecoder.decodeBson(Unpooled.wrappedBuffer(row));
    }
}
