package io.loadproof.embedded.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;

import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;

/** The lab storage's _id index agrees with a plain map through inserts, growth and removals. */
class ObjectIdIndexTest {

    private final ObjectIdIndex index = new ObjectIdIndex("_id_", List.of(new IndexKey("_id", true)));

    @Test
    void findsEveryIdThroughGrowthAndRemovalsAsAMapWould() {
        Random random = new Random(7);
        Map<KeyValue, Integer> expected = new HashMap<>();
        List<KeyValue> keys = new ArrayList<>();
        for (int position = 0; position < 200_000; position++) {
            KeyValue key = new KeyValue(id(random, position));
            assertThat(index.putKeyPosition(key, position)).isTrue();
            expected.put(key, position);
            keys.add(key);
        }
        for (int i = 0; i < keys.size(); i += 3) {
            assertThat(index.removeDocument(keys.get(i))).isEqualTo(expected.remove(keys.get(i)));
        }

        assertThat(index.getCount()).isEqualTo(expected.size());
        for (KeyValue key : keys) {
            assertThat(index.getPosition(key)).isEqualTo(expected.get(key));
        }
        assertThat(index.putKeyPosition(keys.get(1), 5)).as("a key already there").isFalse();
        assertThat(index.getIterable()).hasSize(expected.size());
    }

    @Test
    void keepsKeysOfOtherTypesApart() {
        KeyValue text = new KeyValue("some-id");

        assertThat(index.putKeyPosition(text, 1)).isTrue();
        assertThat(index.putKeyPosition(text, 2)).isFalse();
        assertThat(index.getPosition(text)).isEqualTo(1);
        assertThat(index.removeDocument(text)).isEqualTo(1);
        assertThat(index.getCount()).isZero();
    }

    /** Ids as drivers make them: a timestamp, a process-wide random part and a counter. */
    private static ObjectId id(Random random, int counter) {
        byte[] bytes = new byte[12];
        bytes[3] = (byte) (counter / 50_000);
        bytes[4] = 42;
        bytes[9] = (byte) (counter >> 16);
        bytes[10] = (byte) (counter >> 8);
        bytes[11] = (byte) counter;
        if (counter % 1000 == 0) {
            random.nextBytes(bytes);
        }
        return new ObjectId(bytes);
    }
}
