package io.recur.datasets.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.DataSchema;
import io.recur.spi.Split;
import io.recur.spi.TextCodec;
import io.recur.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EncodedDatasetTest {
  private static DataSchema schema(List<String> vocabulary) {
    return new DataSchema(new int[] {2}, vocabulary.size(), List.of("0", "1"), new TextCodec("char", vocabulary, 2));
  }

  private static Map<String, Split> splits(float lastTarget, int trainRows) {
    Tensor inputs = Tensor.of(new float[] {0, 1, 1, 0, 1, 1}, 3, 2);
    Tensor targets = Tensor.of(new float[] {0, 1, lastTarget}, 3);
    Map<String, Split> m = new LinkedHashMap<>();
    m.put("train", new Split(inputs.rows(0, trainRows), targets.rows(0, trainRows), null));
    m.put("val", new Split(inputs.rows(trainRows, 3), targets.rows(trainRows, 3), null));
    return m;
  }

  @Test
  void fingerprintIsStableAndFollowsValuesBoundariesAndVocabulary() {
    String base = new EncodedDataset(schema(List.of("a", "b")), splits(1, 2)).fingerprint();
    assertEquals(64, base.length());
    assertEquals(base, new EncodedDataset(schema(List.of("a", "b")), splits(1, 2)).fingerprint());
    assertNotEquals(base, new EncodedDataset(schema(List.of("a", "b")), splits(0, 2)).fingerprint());
    assertNotEquals(base, new EncodedDataset(schema(List.of("a", "b")), splits(1, 1)).fingerprint());
    assertNotEquals(base, new EncodedDataset(schema(List.of("x", "y")), splits(1, 2)).fingerprint());
  }

  @Test
  void requiresSomeSplitButNotATrainingOne() {
    Map<String, Split> m = splits(1, 2);
    m.remove("train");
    // data encoded for a saved model (evaluation only) may hold no training part; Splits refuses it otherwise
    assertEquals(m.keySet(), new EncodedDataset(schema(List.of("a", "b")), m).splits().keySet());
    m.clear();
    assertThrows(IllegalArgumentException.class, () -> new EncodedDataset(schema(List.of("a", "b")), m));
  }
}
