package io.recur.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.Dataset;
import io.recur.spi.DatasetFactory;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.spi.TextCodec;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SequenceTasksTest {
  private static Dataset create(DatasetFactory f, long seed, Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return f.create(TestParams.resolve(f, m), TestContexts.data(Path.of("."), seed));
  }

  /** Row {@code i} of an id tensor [N, T], decoded up to (not including) the first end id when there is one. */
  private static String text(TextCodec codec, float[] ids, int t, int i) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < t; k++) {
      int id = (int) ids[i * t + k];
      if (id == codec.endId()) {
        break;
      }
      b.append(codec.token(id));
    }
    return b.toString();
  }

  @Test
  void fixedLengthCopyHasNoEndSymbolAndNoMask() {
    Dataset d = create(CopyTaskDatasetFactory.copy(), 1, "samples", 50);
    Split train = d.splits().get(Dataset.TRAIN);
    assertArrayEquals(new int[] {40, 10}, train.inputs().shape());
    assertArrayEquals(new int[] {40, 10}, train.targets().shape());
    assertNull(train.mask());
    assertArrayEquals(train.inputs().data(), train.targets().data());
    assertEquals(List.of("a", "b", "c"), d.schema().codec().vocabulary());
    assertEquals(TextCodec.Symbols.NONE, d.schema().targetCodec().symbols());
    assertEquals(10, d.schema().codec().length());
    assertEquals(List.of("a", "b", "c"), d.schema().classes());
  }

  @Test
  void reverseReversesEverySequence() {
    Dataset d = create(CopyTaskDatasetFactory.reverse(), 2, "samples", 20, "alphabet_size", 5, "min_length", 4,
        "max_length", 4, "split", List.of(1.0));
    Split s = d.splits().get(Dataset.TRAIN);
    TextCodec codec = d.schema().codec();
    for (int i = 0; i < s.size(); i++) {
      String in = text(codec, s.inputs().data(), 4, i);
      assertEquals(new StringBuilder(in).reverse().toString(), text(codec, s.targets().data(), 4, i));
    }
    assertEquals(5, d.schema().inputVocabulary());
  }

  @Test
  void variableLengthsEndWithEndArePaddedAndMaskedOverTheTarget() {
    Dataset d = create(CopyTaskDatasetFactory.reverse(), 3, "samples", 200, "min_length", 3, "max_length", 14,
        "split", List.of(1.0));
    TextCodec source = d.schema().codec();
    TextCodec target = d.schema().targetCodec();
    assertEquals(List.of("<end>", "a", "b", "c"), source.vocabulary());
    assertEquals(new TextCodec.Symbols(null, "<end>", "<end>"), source.symbols());
    assertEquals(new TextCodec.Symbols("<end>", "<end>", "<end>"), target.symbols());
    assertEquals(0, target.endId());
    Split s = d.splits().get(Dataset.TRAIN);
    assertArrayEquals(new int[] {200, 15}, s.inputs().shape());
    assertArrayEquals(new int[] {200, 15}, s.targets().shape());
    assertArrayEquals(new int[] {200, 15}, s.mask().shape());
    Set<Integer> lengths = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String in = text(source, s.inputs().data(), 15, i);
      String out = text(target, s.targets().data(), 15, i);
      assertEquals(new StringBuilder(in).reverse().toString(), out);
      lengths.add(in.length());
      float real = 0;
      for (int t = 0; t < 15; t++) {
        real += s.mask().data()[i * 15 + t];
        if (t >= in.length()) {
          assertEquals(0f, s.inputs().data()[i * 15 + t], "padded with <end>");
        }
      }
      assertEquals(in.length() + 1, real, "the symbols and the first <end>");
      assertEquals(1f, s.mask().data()[i * 15 + in.length()]);
    }
    assertEquals(3, lengths.stream().mapToInt(Integer::intValue).min().orElseThrow());
    assertEquals(14, lengths.stream().mapToInt(Integer::intValue).max().orElseThrow());
  }

  @Test
  void copyIsDeterministicPerSeed() {
    assertEquals(create(CopyTaskDatasetFactory.copy(), 5, "samples", 30).fingerprint(),
        create(CopyTaskDatasetFactory.copy(), 5, "samples", 30).fingerprint());
    assertNotEquals(create(CopyTaskDatasetFactory.copy(), 5, "samples", 30).fingerprint(),
        create(CopyTaskDatasetFactory.copy(), 6, "samples", 30).fingerprint());
  }

  @Test
  void refusesAMinimumAboveTheMaximum() {
    RecurException e = assertThrows(RecurException.class,
        () -> create(CopyTaskDatasetFactory.copy(), 1, "min_length", 5, "max_length", 4));
    assertEquals("dataset 'copy': min_length 5 is above max_length 4; set min_length <= max_length (equal for fixed"
        + " length)", e.getMessage());
  }

  @Test
  void additionTargetsAreTheSumsOfDistinctPairs() {
    Dataset d = create(new AdditionDatasetFactory(), 1, "samples", 500, "split", List.of(1.0));
    TextCodec source = d.schema().codec();
    TextCodec target = d.schema().targetCodec();
    assertEquals(List.of("<end>", "+", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), source.vocabulary());
    assertEquals(List.of("<end>", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"), target.vocabulary());
    assertEquals(target.vocabulary(), d.schema().classes());
    Split s = d.splits().get(Dataset.TRAIN);
    assertArrayEquals(new int[] {500, 10}, s.inputs().shape());
    assertArrayEquals(new int[] {500, 6}, s.targets().shape());
    assertArrayEquals(new int[] {500, 6}, s.mask().shape());
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 500; i++) {
      String sum = text(source, s.inputs().data(), 10, i);
      assertTrue(seen.add(sum), "pairs are distinct: " + sum);
      String[] xy = sum.split("\\+");
      long x = Long.parseLong(xy[0]);
      long y = Long.parseLong(xy[1]);
      assertTrue(x >= 100 && x <= 9999 && y >= 100 && y <= 9999, sum);
      String answer = text(target, s.targets().data(), 6, i);
      assertEquals(Long.toString(x + y), answer, sum);
      float real = 0;
      for (int t = 0; t < 6; t++) {
        real += s.mask().data()[i * 6 + t];
      }
      assertEquals(answer.length() + 1, real);
    }
  }

  @Test
  void additionRefusesMoreSumsThanThereArePairs() {
    RecurException e = assertThrows(RecurException.class,
        () -> create(new AdditionDatasetFactory(), 1, "samples", 82, "min_digits", 1, "max_digits", 1));
    assertEquals("dataset 'addition': 82 distinct sums asked for, but operands of 1 to 1 digits give only 81 pairs;"
        + " lower samples or allow more digits", e.getMessage());
  }
}
