package io.recur.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.tensor.Tensor;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DummyStringDatasetFactoryTest {
  private final DummyStringDatasetFactory factory = new DummyStringDatasetFactory();

  private Dataset create(long seed, Map<String, ?> overrides) {
    return factory.create(TestParams.resolve(factory, overrides), TestContexts.data(Path.of("."), seed));
  }

  @Test
  void defaultsGiveEpyNNsShapesAndSplit() {
    Dataset d = create(1, Map.of());
    assertEquals(List.of("train", "val"), List.copyOf(d.splits().keySet()));
    Split train = d.splits().get("train");
    Split val = d.splits().get("val");
    assertArrayEquals(new int[] {320, 12}, train.inputs().shape());
    assertArrayEquals(new int[] {320}, train.targets().shape());
    assertArrayEquals(new int[] {160, 12}, val.inputs().shape());
    assertNull(train.mask());
    assertNull(val.mask());
  }

  @Test
  void schemaHasTheSortedAlphabetTwoClassesAndACharCodec() {
    DataSchema s = create(1, Map.of()).schema();
    assertArrayEquals(new int[] {12}, s.inputShape());
    assertEquals(4, s.inputVocabulary());
    assertEquals(List.of("0", "1"), s.classes());
    assertEquals("char", s.codec().tokenizer());
    assertEquals(List.of("A", "C", "G", "T"), s.codec().vocabulary());
    assertEquals(12, s.codec().length());
    Tensor encoded = s.codec().encode(List.of("GACTTGGCCATC"), "input.txt");
    assertArrayEquals(new float[] {2, 0, 1, 3, 3, 2, 2, 1, 1, 0, 3, 1}, encoded.data());
  }

  @Test
  void vocabularyIsSortedWhateverTheAlphabetOrder() {
    DataSchema s = create(1, Map.of("alphabet", "TGCA")).schema();
    assertEquals(List.of("A", "C", "G", "T"), s.codec().vocabulary());
  }

  @Test
  void labelIsZeroWhenFirstEqualsLastElseOne() {
    Dataset d = create(3, Map.of("samples", 400, "length", 5));
    int zeros = 0;
    for (Split s : d.splits().values()) {
      for (int i = 0; i < s.size(); i++) {
        boolean same = s.inputs().get(i, 0) == s.inputs().get(i, 4);
        assertEquals(same ? 0f : 1f, s.targets().get(i), "sample " + i);
        zeros += same ? 1 : 0;
      }
    }
    // first == last with probability 1/4 over ACGT; both classes must show up
    assertTrue(zeros > 50 && zeros < 150, "label 0 count " + zeros);
  }

  @Test
  void tokenIdsStayInsideTheAlphabet() {
    for (Split s : create(4, Map.of("alphabet", "xyz")).splits().values()) {
      for (float v : s.inputs().data()) {
        assertTrue(v == 0 || v == 1 || v == 2, "id " + v);
      }
    }
  }

  @Test
  void sameSeedGivesTheSameBits() {
    Dataset a = create(42, Map.of());
    Dataset b = create(42, Map.of());
    for (String name : a.splits().keySet()) {
      assertArrayEquals(a.splits().get(name).inputs().data(), b.splits().get(name).inputs().data(), name);
      assertArrayEquals(a.splits().get(name).targets().data(), b.splits().get(name).targets().data(), name);
    }
    assertEquals(a.fingerprint(), b.fingerprint());
  }

  @Test
  void differentSeedGivesDifferentData() {
    Dataset a = create(42, Map.of());
    Dataset b = create(43, Map.of());
    assertFalse(Arrays.equals(a.splits().get("train").inputs().data(), b.splits().get("train").inputs().data()));
    assertNotEquals(a.fingerprint(), b.fingerprint());
  }

  @Test
  void splitParameterIsHonoured() {
    Dataset d = create(1, Map.of("samples", 100, "split", List.of(3.0, 1.0, 1.0)));
    assertEquals(List.of("train", "val", "test"), List.copyOf(d.splits().keySet()));
    assertEquals(60, d.splits().get("train").size());
    assertEquals(20, d.splits().get("val").size());
    assertEquals(20, d.splits().get("test").size());
  }

  @Test
  void rejectsAnEmptyAlphabet() {
    RecurException e = assertThrows(RecurException.class, () -> create(1, Map.of("alphabet", "")));
    assertEquals("dataset 'dummy-string': alphabet must hold at least one character", e.getMessage());
  }

  @Test
  void rejectsARepeatedCharacter() {
    RecurException e = assertThrows(RecurException.class, () -> create(1, Map.of("alphabet", "ACGA")));
    assertEquals("dataset 'dummy-string': alphabet 'ACGA' lists 'A' twice; each character must appear once",
        e.getMessage());
  }

  @Test
  void declaresItsParametersWithEpyNNsDefaults() {
    assertEquals(List.of("samples", "length", "alphabet", "split"),
        factory.params().stream().map(p -> p.name()).toList());
    assertEquals(480, DummyStringDatasetFactory.SAMPLES.defaultValue().orElseThrow());
    assertEquals(12, DummyStringDatasetFactory.LENGTH.defaultValue().orElseThrow());
    assertEquals("ACGT", DummyStringDatasetFactory.ALPHABET.defaultValue().orElseThrow());
    assertEquals(List.of(2.0, 1.0, 0.0), DummyStringDatasetFactory.SPLIT.defaultValue().orElseThrow());
  }

  @Test
  void itReportsTheMajorityClassBaselineOfEverySplit() {
    Dataset d = create(1, Map.of());
    Map<String, Double> b = d.baselines();
    assertEquals(List.of("train.majority-accuracy", "val.majority-accuracy"), List.copyOf(b.keySet()));
    // the training split's majority class, scored on each split by counting
    float[] train = d.splits().get("train").targets().data();
    long ones = 0;
    for (float t : train) {
      ones += (long) t;
    }
    double majority = Math.max(ones, train.length - ones) / (double) train.length;
    assertEquals(majority, b.get("train.majority-accuracy"), 1e-12);
  }
}
