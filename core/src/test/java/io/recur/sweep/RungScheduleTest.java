package io.recur.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recur.config.SweepSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rung arithmetic of successive halving and Hyperband, against Li et al.'s worked example. */
class RungScheduleTest {
  private static SweepSpec.Halving budgets(int min, int eta, int max) {
    return new SweepSpec.Halving(min, eta, max, "test.yaml:1:1");
  }

  private static List<String> rungs(RungSchedule.Bracket b) {
    return b.rungs().stream().map(r -> r.configurations() + "x" + r.epochs() + "k" + r.keep()).toList();
  }

  @Test
  void halvingKeepsAThirdAndEndsAtMaxEpochs() {
    RungSchedule s = RungSchedule.halving(budgets(1, 3, 9), 27);
    assertEquals(1, s.brackets().size());
    assertEquals(List.of("27x1k9", "9x3k3", "3x9k0"), rungs(s.brackets().get(0)));
    assertEquals(27 + 9 * 2 + 3 * 6, s.epochs(1));
    assertEquals(2 * (27 + 9 * 2 + 3 * 6), s.epochs(2));
  }

  @Test
  void aLastRungThatIsNotAPowerOfEtaIsMaxEpochsAndAtLeastOneConfigurationGoesOn() {
    RungSchedule s = RungSchedule.halving(budgets(2, 3, 20), 4);
    assertEquals(List.of("4x2k1", "1x6k1", "1x18k1", "1x20k0"), rungs(s.brackets().get(0)));
    assertEquals(List.of("5x7k0"), rungs(RungSchedule.halving(budgets(7, 2, 7), 5).brackets().get(0)));
  }

  @Test
  void hyperbandFollowsLiEtAlsTableForR81AndEta3() {
    // Li et al. (JMLR 2018), Table 1: R = 81, η = 3
    RungSchedule s = RungSchedule.hyperband(budgets(1, 3, 81), 1000);
    assertEquals(List.of(4, 3, 2, 1, 0), s.brackets().stream().map(RungSchedule.Bracket::number).toList());
    assertEquals(List.of("81x1k27", "27x3k9", "9x9k3", "3x27k1", "1x81k0"), rungs(s.brackets().get(0)));
    assertEquals(List.of("34x3k11", "11x9k3", "3x27k1", "1x81k0"), rungs(s.brackets().get(1)));
    assertEquals(List.of("15x9k5", "5x27k1", "1x81k0"), rungs(s.brackets().get(2)));
    assertEquals(List.of("8x27k2", "2x81k0"), rungs(s.brackets().get(3)));
    assertEquals(List.of("5x81k0"), rungs(s.brackets().get(4)));
  }

  @Test
  void hyperbandStartsNoMoreConfigurationsThanTheSweepHas() {
    RungSchedule s = RungSchedule.hyperband(budgets(1, 3, 9), 6);
    assertEquals(List.of(6, 5, 3), s.brackets().stream().map(RungSchedule.Bracket::configurations).toList());
    assertEquals(List.of("bracket 2: 6 configurations × 1 epoch → 2 × 3 epochs → 1 × 9 epochs",
        "bracket 1: 5 configurations × 3 epochs → 1 × 9 epochs", "bracket 0: 3 configurations × 9 epochs",
        "epoch budget: 64 epochs (× 2 seeds: 128) against a full grid's 108 (118.5%)"), s.describe(2, 108));
  }
}
