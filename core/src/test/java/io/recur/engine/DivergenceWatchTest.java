package io.recur.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.recur.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DivergenceWatchTest {
  /** Feeds {@code loss} {@code times} times and returns the last verdict, checking all earlier ones were null. */
  private static String feed(DivergenceWatch watch, float loss, int times) {
    String verdict = null;
    for (int i = 0; i < times; i++) {
      assertNull(verdict, "a verdict came early, at repeat " + i);
      verdict = watch.onLoss(loss);
    }
    return verdict;
  }

  @Test
  void aLossPinnedHighForTwentyStepsIsDivergence() {
    DivergenceWatch watch = new DivergenceWatch();
    assertNull(watch.onLoss(0.5f));
    assertNull(feed(watch, 13.8155f, DivergenceWatch.PINNED_STEPS - 1));
    assertEquals("the loss has been 13.8155 for 20 steps in a row (the first step's was 0.5000): it is pinned at its"
        + " clamp", watch.onLoss(13.8155f));
  }

  @Test
  void aPlateauThatIsNotFarAboveTheFirstLossIsNotDivergence() {
    DivergenceWatch watch = new DivergenceWatch();
    watch.onLoss(1f);
    // 9.99 times the first: below PINNED_FACTOR
    assertNull(feed(watch, 9.99f, 100));
    // a run whose loss never moves from its first value is stuck, not diverged
    DivergenceWatch flat = new DivergenceWatch();
    assertNull(feed(flat, 2f, 100));
  }

  @Test
  void anyChangeOfTheLossStartsTheRepeatCountAgain() {
    DivergenceWatch watch = new DivergenceWatch();
    watch.onLoss(1f);
    assertNull(feed(watch, 20f, DivergenceWatch.PINNED_STEPS - 1));
    assertNull(watch.onLoss(20.5f));
    assertNull(feed(watch, 20f, DivergenceWatch.PINNED_STEPS - 1));
    assertEquals("the loss has been 20.0 for 20 steps in a row (the first step's was 1.000): it is pinned at its clamp",
        watch.onLoss(20f));
  }

  @Test
  void aLossAThousandTimesTheFirstForTenStepsInARowIsDivergence() {
    DivergenceWatch watch = new DivergenceWatch();
    watch.onLoss(0.25f);
    for (int i = 0; i < DivergenceWatch.EXPLODED_STEPS - 1; i++) {
      assertNull(watch.onLoss(300f + i), "step " + i);
    }
    assertEquals("the loss is 309.0, more than 1000 times the first step's (0.2500) for 10 steps in a row",
        watch.onLoss(309f));
  }

  @Test
  void oneStepBackUnderTheBoundStartsTheExplosionCountAgain() {
    DivergenceWatch watch = new DivergenceWatch();
    watch.onLoss(-0.5f); // the bound is on magnitudes
    for (int i = 0; i < DivergenceWatch.EXPLODED_STEPS - 1; i++) {
      assertNull(watch.onLoss(-600f - i));
    }
    assertNull(watch.onLoss(400f), "400 is less than 1000 times 0.5");
    for (int i = 0; i < DivergenceWatch.EXPLODED_STEPS - 1; i++) {
      assertNull(watch.onLoss(700f + i));
    }
  }

  @Test
  void aFirstLossOfZeroNeverCountsAsExplosion() {
    DivergenceWatch watch = new DivergenceWatch();
    watch.onLoss(0f);
    for (int i = 0; i < 50; i++) {
      assertNull(watch.onLoss(1e6f + i));
    }
  }

  @Test
  void weightsBeyondTheBoundAreNamed() {
    Map<String, Tensor> params = new LinkedHashMap<>();
    params.put("dense_0.weight", Tensor.of(new float[] {1e5f, -1e5f, 3f}, 3));
    params.put("dense_0.bias", Tensor.of(new float[] {0f, -100001f}, 2));
    params.put("dense_1.weight", Tensor.of(new float[] {2e6f}, 1));
    assertEquals("weight 'dense_0.bias' holds -100001.0, beyond ±1.000e+05", DivergenceWatch.onWeights(params));
    params.remove("dense_0.bias");
    assertEquals("weight 'dense_1.weight' holds 2000000.0, beyond ±1.000e+05", DivergenceWatch.onWeights(params));
    params.remove("dense_1.weight");
    assertNull(DivergenceWatch.onWeights(params), "exactly at the bound is not beyond it");
  }
}
