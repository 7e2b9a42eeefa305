package io.recur.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.config.LrScheduleParams;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Each schedule against the rates PyTorch's scheduler gives when stepped once per epoch. The
 * expected values are written the way PyTorch computes them (its chained form multiplies by
 * gamma once per decay), so step and exponential decay match bit for bit.
 */
class LrScheduleTest {
  private static final List<String> COLUMNS = List.of("train.loss", "val.loss", "train.accuracy", "val.accuracy");
  private static final Map<String, Boolean> HIGHER = Map.of("loss", false, "accuracy", true);

  /** The section with every default, then {@code values} over them. */
  private static Params section(Object... values) {
    Map<String, Object> m = new LinkedHashMap<>();
    for (ParamSpec<?> p : LrScheduleParams.all()) {
      m.put(p.name(), p.defaultValue().orElse(null));
    }
    for (int i = 0; i < values.length; i += 2) {
      m.put((String) values[i], values[i + 1]);
    }
    return Params.of(m);
  }

  private static List<Double> rates(LrSchedule s, int epochs) {
    List<Double> out = new ArrayList<>();
    for (int e = 0; e < epochs; e++) {
      out.add(s.rateFor(e));
    }
    return out;
  }

  @Test
  void noSectionKeepsTheRateConstant() {
    LrSchedule s = LrSchedule.of(null, 0.01, 5, COLUMNS, HIGHER);
    assertEquals(List.of(0.01, 0.01, 0.01, 0.01, 0.01), rates(s, 5));
  }

  @Test
  void stepDecaysEveryStepSizeEpochsLikeStepLR() {
    // torch.optim.lr_scheduler.StepLR(opt, step_size=30, gamma=0.1), the example of its docs
    LrSchedule s = LrSchedule.of(section("type", "step", "step_size", 30, "gamma", 0.1), 0.05, 100, COLUMNS, HIGHER);
    assertEquals(0.05, s.rateFor(0));
    assertEquals(0.05, s.rateFor(29));
    assertEquals(0.05 * 0.1, s.rateFor(30));
    assertEquals(0.05 * 0.1, s.rateFor(59));
    assertEquals(0.05 * 0.1 * 0.1, s.rateFor(60));
    assertEquals(0.05 * 0.1 * 0.1 * 0.1, s.rateFor(90));
  }

  @Test
  void exponentialMultipliesByGammaEveryEpochLikeExponentialLR() {
    LrSchedule s = LrSchedule.of(section("type", "exponential", "gamma", 0.9), 1.0, 5, COLUMNS, HIGHER);
    assertEquals(List.of(1.0, 0.9, 0.9 * 0.9, 0.9 * 0.9 * 0.9, 0.9 * 0.9 * 0.9 * 0.9), rates(s, 5));
  }

  @Test
  void cosineAnnealsFromTheBaseRateToEtaMinLikeCosineAnnealingLR() {
    LrSchedule s = LrSchedule.of(section("type", "cosine", "t_max", 10, "eta_min", 0.001), 0.1, 20, COLUMNS, HIGHER);
    assertEquals(0.1, s.rateFor(0), 1e-15);
    assertEquals(0.001 + 0.099 * (1 + Math.cos(Math.PI * 3 / 10)) / 2, s.rateFor(3), 1e-15);
    assertEquals(0.0505, s.rateFor(5), 1e-15);
    assertEquals(0.001, s.rateFor(10), 1e-15);
    // past T_max the closed form rises again, as PyTorch's does
    assertEquals(s.rateFor(9), s.rateFor(11), 1e-15);
  }

  @Test
  void cosineWithoutTMaxAnnealsOverTheEpochsAfterWarmUp() {
    LrSchedule s = LrSchedule.of(section("type", "cosine", "warmup_epochs", 2), 1.0, 12, COLUMNS, HIGHER);
    // warm-up: 0.1, then 0.1 + 0.9 * 1/2; then cosine over 10 epochs, from the base rate
    assertEquals(0.1, s.rateFor(0), 1e-15);
    assertEquals(0.55, s.rateFor(1), 1e-15);
    assertEquals(1.0, s.rateFor(2), 1e-15);
    assertEquals(0.5, s.rateFor(7), 1e-15);
    assertEquals(0.0, s.rateFor(12), 1e-15);
  }

  @Test
  void warmUpRisesLinearlyFromTheStartFactorLikeLinearLRInSequentialLR() {
    LrSchedule s = LrSchedule.of(section("type", "constant", "warmup_epochs", 4, "warmup_start_factor", 0.2), 0.5,
        8, COLUMNS, HIGHER);
    List<Double> r = rates(s, 6);
    double[] expected = {0.1, 0.2, 0.3, 0.4, 0.5, 0.5};
    for (int i = 0; i < expected.length; i++) {
      assertEquals(expected[i], r.get(i), 1e-15, "epoch " + i);
    }
  }

  @Test
  void warmUpThenStepCountsStepsFromTheEndOfTheWarmUp() {
    LrSchedule s = LrSchedule.of(section("type", "step", "step_size", 2, "gamma", 0.5, "warmup_epochs", 1,
        "warmup_start_factor", 0.5), 1.0, 8, COLUMNS, HIGHER);
    assertEquals(List.of(0.5, 1.0, 1.0, 0.5, 0.5, 0.25), rates(s, 6));
  }

  private static List<Double> plateau(LrSchedule s, double... valLoss) {
    List<Double> rates = new ArrayList<>();
    for (int e = 0; e < valLoss.length; e++) {
      rates.add(s.rateFor(e));
      s.onEpochEnd(e, Map.of("val.loss", valLoss[e], "val.accuracy", 0.5));
    }
    rates.add(s.rateFor(valLoss.length));
    return rates;
  }

  @Test
  void plateauReducesAfterMoreThanPatienceBadEpochsLikeReduceLROnPlateau() {
    LrSchedule s = LrSchedule.of(section("type", "plateau", "factor", 0.5, "patience", 1, "threshold", 0.0), 1.0,
        10, COLUMNS, HIGHER);
    assertEquals(List.of(1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.25), plateau(s, 1.0, 1.0, 1.0, 0.5, 0.6, 0.7));
  }

  @Test
  void plateauRespectsTheRelativeThresholdCooldownAndMinimumRate() {
    // 0.9999 is not below 1 * (1 - 0.01): a bad epoch; cooldown 1 skips counting once after a cut
    LrSchedule s = LrSchedule.of(section("type", "plateau", "factor", 0.1, "patience", 0, "threshold", 0.01,
        "cooldown", 1, "min_lr", 0.05), 1.0, 10, COLUMNS, HIGHER);
    assertEquals(List.of(1.0, 1.0, 0.1, 0.1, 0.05, 0.05), plateau(s, 1.0, 0.9999, 0.9999, 0.9999, 0.9999));
  }

  @Test
  void plateauStateSurvivesACheckpoint() {
    Params p = section("type", "plateau", "factor", 0.5, "patience", 1, "threshold", 0.0);
    LrSchedule a = LrSchedule.of(p, 1.0, 10, COLUMNS, HIGHER);
    plateau(a, 1.0, 1.0, 1.0, 0.5);
    LrSchedule b = LrSchedule.of(p, 1.0, 10, COLUMNS, HIGHER);
    b.restore(a.state(), "test");
    for (double v : new double[] {0.6, 0.7, 0.8, 0.2}) {
      a.onEpochEnd(0, Map.of("val.loss", v));
      b.onEpochEnd(0, Map.of("val.loss", v));
      assertEquals(a.rateFor(0), b.rateFor(0));
    }
  }

  @Test
  void plateauInMaxModeFollowsTheMetricDirection() {
    LrSchedule s = LrSchedule.of(section("type", "plateau", "monitor", "val.accuracy", "factor", 0.5, "patience", 0,
        "threshold", 0.0), 1.0, 10, COLUMNS, HIGHER);
    s.onEpochEnd(0, Map.of("val.accuracy", 0.5));
    s.onEpochEnd(1, Map.of("val.accuracy", 0.6));
    assertEquals(1.0, s.rateFor(2));
    s.onEpochEnd(2, Map.of("val.accuracy", 0.6));
    assertEquals(0.5, s.rateFor(3));
  }

  @Test
  void aMonitorThatIsNotReportedIsAClearError() {
    RecurException e = assertThrows(RecurException.class, () -> LrSchedule.of(
        section("type", "plateau", "monitor", "val.los"), 1.0, 10, COLUMNS, HIGHER));
    assertTrue(e.getMessage().contains("training.lr_schedule.monitor: 'val.los' is not a reported metric"), e.getMessage());
    assertTrue(e.getMessage().contains("Did you mean 'val.loss'?"), e.getMessage());
  }

  @Test
  void aMalformedPlateauStateNamesTheCheckpoint() {
    LrSchedule s = LrSchedule.of(section("type", "plateau"), 1.0, 10, COLUMNS, HIGHER);
    RecurException e = assertThrows(RecurException.class, () -> s.restore(Map.of("rate", "zz"), "ckpt.safetensors"));
    assertTrue(e.getMessage().startsWith("ckpt.safetensors: "), e.getMessage());
  }
}
