package io.recur.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.datasets.tabular.DelimitedDatasetFactory;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HmmDnaDatasetFactoryTest {
  private final HmmDnaDatasetFactory factory = new HmmDnaDatasetFactory();

  @TempDir Path dir;

  private Dataset create(long seed, Map<String, ?> overrides) {
    return factory.create(TestParams.resolve(factory, overrides), TestContexts.data(dir, seed));
  }

  @Test
  void givesTokenIdsAndOneStatePerBase() {
    Dataset d = create(1, Map.of("samples", 10, "length", 50, "split", List.of(3.0, 1.0, 1.0)));
    assertEquals(List.of("train", "val", "test"), List.copyOf(d.splits().keySet()));
    Split train = d.splits().get(Dataset.TRAIN);
    assertArrayEquals(new int[] {6, 50}, train.inputs().shape());
    assertArrayEquals(new int[] {6, 50}, train.targets().shape());
    assertNull(train.mask());
    DataSchema s = d.schema();
    assertArrayEquals(new int[] {50}, s.inputShape());
    assertEquals(4, s.inputVocabulary());
    assertEquals(List.of("H", "L"), s.classes());
    assertEquals(List.of("A", "C", "G", "T"), s.codec().vocabulary());
    assertEquals(50, s.codec().length());
  }

  @Test
  void defaultsAreSeedSized() {
    Dataset d = create(1, Map.of("split", List.of(1.0, 0.0, 1.0)));
    assertArrayEquals(new int[] {50, 500}, d.splits().get(Dataset.TRAIN).inputs().shape());
    assertArrayEquals(new int[] {50, 500}, d.splits().get(Dataset.TEST).targets().shape());
  }

  @Test
  void sameSeedSameBitsDifferentSeedDifferentData() {
    Map<String, Object> p = Map.of("samples", 20, "length", 100);
    Dataset a = create(7, p);
    Dataset b = create(7, p);
    assertEquals(a.fingerprint(), b.fingerprint());
    assertArrayEquals(a.splits().get("train").inputs().data(), b.splits().get("train").inputs().data());
    assertArrayEquals(a.splits().get("train").targets().data(), b.splits().get("train").targets().data());
    assertEquals(a.baselines(), b.baselines());
    assertNotEquals(a.fingerprint(), create(8, p).fingerprint());
  }

  @Test
  void statesAndBasesFollowTheDefaultHmm() {
    Dataset d = create(3, Map.of("samples", 200, "length", 500, "split", List.of(1.0)));
    Split s = d.splits().get(Dataset.TRAIN);
    float[] x = s.inputs().data();
    float[] y = s.targets().data();
    long[][] emitted = new long[2][4];
    long[][] moves = new long[2][2];
    long first = 0;
    for (int i = 0; i < 200; i++) {
      first += y[i * 500] == 0f ? 1 : 0;
      for (int t = 0; t < 500; t++) {
        int p = i * 500 + t;
        emitted[(int) y[p]][(int) x[p]]++;
        if (t > 0) {
          moves[(int) y[p - 1]][(int) y[p]]++;
        }
      }
    }
    double gcInH = (emitted[0][1] + emitted[0][2]) / (double) (emitted[0][0] + emitted[0][1] + emitted[0][2] + emitted[0][3]);
    double gcInL = (emitted[1][1] + emitted[1][2]) / (double) (emitted[1][0] + emitted[1][1] + emitted[1][2] + emitted[1][3]);
    assertEquals(0.6, gcInH, 0.01, "H is GC-rich");
    assertEquals(0.4, gcInL, 0.01, "L is AT-rich");
    assertEquals(0.5, moves[0][0] / (double) (moves[0][0] + moves[0][1]), 0.01, "H → H");
    assertEquals(0.6, moves[1][1] / (double) (moves[1][0] + moves[1][1]), 0.01, "L → L");
    long h = emitted[0][0] + emitted[0][1] + emitted[0][2] + emitted[0][3];
    // stationary P(H) = 0.4 / (0.5 + 0.4)
    assertEquals(4.0 / 9, h / 100_000.0, 0.01, "share of H");
    assertEquals(0.5, first / 200.0, 0.1, "first state");
  }

  @Test
  void customProbabilitiesAreUsed() {
    Dataset d = create(4, Map.of("samples", 5, "length", 200, "split", List.of(1.0), "start", List.of(1.0, 0.0),
        "transition_h", List.of(1.0, 0.0), "emission_h", List.of(0.0, 0.0, 1.0, 0.0)));
    Split s = d.splits().get(Dataset.TRAIN);
    for (float v : s.targets().data()) {
      assertEquals(0f, v, "never leaves H");
    }
    for (float v : s.inputs().data()) {
      assertEquals(2f, v, "H emits only G");
    }
  }

  @Test
  void baselinesArePosteriorDecodingAndMajorityPerSplit() {
    Dataset d = create(5, Map.of("samples", 40, "length", 500, "split", List.of(1.0, 0.0, 1.0)));
    Map<String, Double> b = d.baselines();
    assertEquals(List.of("train.posterior-decoding-accuracy", "train.filtering-accuracy", "train.majority-accuracy",
        "test.posterior-decoding-accuracy", "test.filtering-accuracy", "test.majority-accuracy"),
        List.copyOf(b.keySet()));
    // L is the majority state (5/9 of positions); the emissions lift the HMM's own decoding a little above it
    for (String split : List.of("train", "test")) {
      double posterior = b.get(split + ".posterior-decoding-accuracy");
      double majority = b.get(split + ".majority-accuracy");
      assertEquals(5.0 / 9, majority, 0.03, split);
      assertTrue(posterior > majority + 0.01 && posterior < 0.66, split + ": " + posterior + " vs " + majority);
      // this chain forgets fast (second eigenvalue 0.1): the base alone decides, so looking ahead adds nothing
      assertEquals(posterior, b.get(split + ".filtering-accuracy"), 0.002, split);
    }
  }

  @Test
  void onAStickyChainLookingAheadBeatsFiltering() {
    Dataset d = create(5, Map.of("samples", 40, "length", 500, "split", List.of(1.0),
        "transition_h", List.of(0.95, 0.05), "transition_l", List.of(0.05, 0.95)));
    double posterior = d.baselines().get("train.posterior-decoding-accuracy");
    double filtering = d.baselines().get("train.filtering-accuracy");
    // an independent simulation (200,000 steps) gives 0.717 and 0.665
    assertEquals(0.717, posterior, 0.02);
    assertEquals(0.665, filtering, 0.02);
    assertTrue(posterior > filtering + 0.03, posterior + " vs " + filtering);
  }

  @Test
  void posteriorBaselineRecomputesFromTheSplitItself() {
    Dataset d = create(6, Map.of("samples", 8, "length", 300, "split", List.of(1.0, 1.0)));
    Hmm hmm = HmmDnaDatasetFactory.hmm(TestParams.resolve(factory, Map.of()));
    for (Map.Entry<String, Split> e : d.splits().entrySet()) {
      Split s = e.getValue();
      int right = 0;
      for (int i = 0; i < s.size(); i++) {
        int[] x = new int[300];
        for (int t = 0; t < 300; t++) {
          x[t] = (int) s.inputs().get(i, t);
        }
        int[] path = hmm.decode(x);
        for (int t = 0; t < 300; t++) {
          right += path[t] == s.targets().get(i, t) ? 1 : 0;
        }
      }
      assertEquals(right / (300.0 * s.size()), d.baselines().get(e.getKey() + ".posterior-decoding-accuracy"), 1e-12);
    }
  }

  @Test
  void writesSeedTsvThatTheTsvLoaderReadsBackPerPosition() throws Exception {
    Dataset generated = create(9, Map.of("samples", 6, "length", 40, "split", List.of(1.0), "write_tsv", "out/hmm.tsv"));
    Path file = dir.resolve("out/hmm.tsv");
    List<String> lines = Files.readAllLines(file);
    assertEquals("dna\thidden_state", lines.get(0));
    assertEquals(7, lines.size());
    for (String line : lines.subList(1, 7)) {
      String[] f = line.split("\t");
      assertEquals(40, f[0].length());
      assertEquals(40, f[1].length());
      assertTrue(f[0].matches("[ACGT]+") && f[1].matches("[HL]+"), line);
    }
    DelimitedDatasetFactory tsv = DelimitedDatasetFactory.tsv();
    Dataset read = tsv.create(TestParams.resolve(tsv, Map.of("path", "out/hmm.tsv", "sequence_column", "dna",
        "label_column", "hidden_state", "labels", "per-position", "split", List.of(1.0))),
        TestContexts.data(dir, 1));
    assertEquals(generated.schema().classes(), read.schema().classes());
    assertEquals(sorted(generated), sorted(read));
  }

  /** Each sample as "bases|states", sorted, so split order does not matter. */
  private static List<String> sorted(Dataset d) {
    List<String> out = new ArrayList<>();
    List<String> vocab = d.schema().codec().vocabulary();
    for (Split s : d.splits().values()) {
      for (int i = 0; i < s.size(); i++) {
        StringBuilder b = new StringBuilder();
        for (int t = 0; t < s.inputs().dim(1); t++) {
          b.append(vocab.get((int) s.inputs().get(i, t)));
        }
        b.append('|');
        for (int t = 0; t < s.targets().dim(1); t++) {
          b.append(d.schema().classes().get((int) s.targets().get(i, t)));
        }
        out.add(b.toString());
      }
    }
    out.sort(null);
    return out;
  }

  @Test
  void aDistributionOfTheWrongSizeOrSumIsAnError() {
    RecurException size = assertThrows(RecurException.class, () -> create(1, Map.of("emission_h", List.of(0.5, 0.5))));
    assertEquals("dataset 'hmm-dna': emission_h: expected 4 probabilities (A, C, G, T), got 2 [0.5, 0.5]",
        size.getMessage());
    RecurException sum = assertThrows(RecurException.class, () -> create(1, Map.of("transition_l", List.of(0.5, 0.6))));
    assertEquals("dataset 'hmm-dna': transition_l: probabilities must add up to 1, got [0.5, 0.6] (sum 1.1)",
        sum.getMessage());
    RecurException negative = assertThrows(RecurException.class, () -> create(1, Map.of("start", List.of(-0.5, 1.5))));
    assertEquals("dataset 'hmm-dna': start: probabilities must lie in [0, 1], got [-0.5, 1.5]", negative.getMessage());
  }

  @Test
  void declaresItsParameters() {
    Map<String, Object> names = new HashMap<>();
    factory.params().forEach(p -> names.put(p.name(), p.defaultValue().orElse(null)));
    assertEquals(List.of(0.5, 0.5), names.get("start"));
    assertEquals(List.of(0.4, 0.6), names.get("transition_l"));
    assertEquals(500, names.get("length"));
    assertTrue(names.containsKey("write_tsv"));
  }
}
