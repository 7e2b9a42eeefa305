package io.recur.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/** The statistics and text forms behind the sweep summaries. */
class SweepSummaryTest {
  @Test
  void statsGiveMeanSampleStdAndTheStudentTInterval() {
    SweepSummary.Stats s = SweepSummary.Stats.of(List.of(1.0, 2.0, 3.0, 6.0));
    assertEquals(4, s.n());
    assertEquals(3.0, s.mean(), 1e-12);
    // sample std: sqrt(((-2)^2 + (-1)^2 + 0 + 3^2) / 3) = sqrt(14 / 3)
    assertEquals(Math.sqrt(14.0 / 3), s.std(), 1e-12);
    double half = 3.182446305284263 * Math.sqrt(14.0 / 3) / 2; // t(0.975, 3) = 3.1824…
    assertEquals(3.0 - half, s.ciLow(), 1e-9);
    assertEquals(3.0 + half, s.ciHigh(), 1e-9);
    assertEquals(3.182446305284263, new TDistribution(3).inverseCumulativeProbability(0.975), 1e-9);
  }

  @Test
  void statsSkipMissingValuesAndNeedTwoForAnInterval() {
    SweepSummary.Stats one = SweepSummary.Stats.of(List.of(0.5, Double.NaN));
    assertEquals(1, one.n());
    assertEquals(0.5, one.mean());
    assertTrue(Double.isNaN(one.std()) && Double.isNaN(one.ciLow()) && Double.isNaN(one.ciHigh()));
    assertEquals(0, SweepSummary.Stats.of(List.of()).n());
  }

  @Test
  void csvCellsAreQuotedOnlyWhenTheyMustBe() {
    assertEquals("0.25", SweepSummary.csvCell("0.25"));
    assertEquals("\"1a2b3c4d-lr=0.1,seed=2\"", SweepSummary.csvCell("1a2b3c4d-lr=0.1,seed=2"));
    assertEquals("\"say \"\"hi\"\"\"", SweepSummary.csvCell("say \"hi\""));
  }

  @Test
  void numbersAreExactInFilesAndShortOnTheConsole() {
    assertEquals("0.1", SweepSummary.number(0.1));
    assertEquals("", SweepSummary.number(Double.NaN));
    assertEquals("0.4123", SweepSummary.format(0.41234567));
    assertEquals("1.235e-04", SweepSummary.format(0.00012345));
    assertEquals("-", SweepSummary.format(Double.NaN));
  }

  @Test
  void trialFolderNamesKeepOnlySafeCharacters() {
    assertEquals("type=lstm,units=8,layers_1=x", Sweep.sanitize("type=lstm,units=8,layers[1]=x"));
    assertEquals("data=type_tsv,path_a.tsv", Sweep.sanitize("data={type: tsv, path: a.tsv}"));
    assertEquals("split=2,1,0", Sweep.sanitize("split=[2, 1, 0]"));
    assertEquals(96, Sweep.sanitize("x".repeat(200)).length());
  }

  @Test
  void anAccuracysIntervalStaysWithinZeroAndOne() {
    // a wide t-interval around 0.79: mean ± 3.18·0.21 runs past 1
    SweepSummary.Stats s = SweepSummary.Stats.of("val.accuracy", List.of(0.5, 0.95, 0.95, 0.75));
    assertEquals(1.0, s.ciHigh(), 0.0);
    assertTrue(s.ciLow() > 0.4 && s.ciLow() < s.mean(), "low end " + s.ciLow());
    SweepSummary.Stats loss = SweepSummary.Stats.of("val.loss", List.of(0.5, 0.95, 0.95, 0.75));
    assertTrue(loss.ciHigh() > 1.0, "a loss is not clipped: " + loss.ciHigh());
  }
}
