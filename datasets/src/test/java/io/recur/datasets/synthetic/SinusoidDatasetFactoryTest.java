package io.recur.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.Dataset;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SinusoidDatasetFactoryTest {
  private static final SinusoidDatasetFactory FACTORY = new SinusoidDatasetFactory();

  private static Dataset create(long seed, Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return FACTORY.create(TestParams.resolve(FACTORY, m), TestContexts.data(Path.of("."), seed));
  }

  @Test
  void targetsAreTheInputsShiftedByOneStep() {
    Dataset d = create(1, "samples", 20, "steps", 50);
    Split train = d.splits().get(Dataset.TRAIN);
    assertArrayEquals(new int[] {16, 49, 1}, train.inputs().shape());
    assertArrayEquals(new int[] {16, 49, 1}, train.targets().shape());
    assertNull(train.mask());
    float[] x = train.inputs().data();
    float[] y = train.targets().data();
    for (int n = 0; n < 16; n++) {
      for (int t = 0; t + 1 < 49; t++) {
        assertEquals(x[n * 49 + t + 1], y[n * 49 + t], "sample " + n + " step " + t);
      }
    }
    assertArrayEquals(new int[] {49, 1}, d.schema().inputShape());
    assertEquals(0, d.schema().inputVocabulary());
    assertTrue(d.schema().classes().isEmpty());
  }

  @Test
  void followsGenerateSinWithAFixedPhase() {
    Dataset d = create(1, "samples", 1, "steps", 30, "frequencies", List.of(1.0, 0.5), "weights", List.of(0.7, 0.3),
        "phase", List.of(0.25, 1.0), "split", List.of(1.0));
    float[] x = d.splits().get(Dataset.TRAIN).inputs().data();
    for (int t = 0; t < 29; t++) {
      double v = 0.7 * Math.sin(2 * Math.PI * 1.0 * t * 0.1 + 0.25) + 0.3 * Math.sin(2 * Math.PI * 0.5 * t * 0.1 + 1.0);
      assertEquals(v, x[t], 1e-6, "step " + t);
    }
  }

  @Test
  void theSameSeedGivesTheSameWavesAndNoiseChangesThem() {
    assertEquals(create(3, "samples", 10).fingerprint(), create(3, "samples", 10).fingerprint());
    assertNotEquals(create(3, "samples", 10).fingerprint(), create(4, "samples", 10).fingerprint());
    assertNotEquals(create(3, "samples", 10).fingerprint(), create(3, "samples", 10, "noise", 0.1).fingerprint());
    // random phases: two sequences almost never start at the same value
    float[] x = create(3, "samples", 10, "split", List.of(1.0)).splits().get(Dataset.TRAIN).inputs().data();
    assertNotEquals(x[0], x[99]);
  }

  @Test
  void lastValueBaselineIsTheMseOfRepeatingTheCurrentValue() {
    Dataset d = create(1, "samples", 10, "steps", 3, "phase", List.of(0.0), "split", List.of(1.0));
    // s(t) = sin(0.2π t): inputs 0, sin 0.2π; targets sin 0.2π, sin 0.4π
    double a = Math.sin(0.2 * Math.PI);
    double b = Math.sin(0.4 * Math.PI);
    assertEquals((a * a + (b - a) * (b - a)) / 2, d.baselines().get("train.last-value-mse"), 1e-6);
  }

  @Test
  void wantsOneWeightAndPhasePerFrequency() {
    RecurException w = assertThrows(RecurException.class,
        () -> create(1, "frequencies", List.of(1.0, 2.0), "weights", List.of(1.0)));
    assertEquals("dataset 'sinusoid': weights lists 1 numbers for 2 frequencies; give one per frequency", w.getMessage());
    RecurException p = assertThrows(RecurException.class, () -> create(1, "phase", List.of(1.0, 2.0)));
    assertEquals("dataset 'sinusoid': phase lists 2 numbers for 1 frequencies; give one per frequency", p.getMessage());
    RecurException f = assertThrows(RecurException.class, () -> create(1, "frequencies", List.of()));
    assertEquals("dataset 'sinusoid': frequencies is empty; give at least one frequency", f.getMessage());
  }
}
