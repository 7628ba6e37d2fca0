package io.loadproof.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

class LatestIdsTest {

    @Test
    void roundTrip() {
        List<String> ids = List.of(new ObjectId().toHexString(), new ObjectId().toHexString());

        assertThat(LatestIds.decode(LatestIds.encode(ids))).isEqualTo(ids);
    }

    @Test
    void damagedValuesDegradeToFewerIds() {
        String good = new ObjectId().toHexString();

        assertThat(LatestIds.decode("junk," + good + ",,")).containsExactly(good);
        assertThat(LatestIds.decode(null)).isEmpty();
    }
}
