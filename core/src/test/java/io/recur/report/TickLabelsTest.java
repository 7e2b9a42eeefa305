package io.recur.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TickLabelsTest {
  @Test
  void numbersKeepTheirLeadingZeroAndSmallOnesArePowersOfTen() {
    assertEquals("0.0038", TickLabels.number(0.0038));
    assertEquals("2.5·10⁻⁵", TickLabels.number(2.5e-5));
    assertEquals("10⁻⁶", TickLabels.number(1e-6));
    assertEquals("-3·10⁻⁶", TickLabels.number(-3e-6));
    assertEquals("0.5", TickLabels.number(0.5));
    assertEquals("1", TickLabels.number(1.0));
    assertEquals("123000", TickLabels.number(123456));
    assertEquals("0", TickLabels.number(0));
  }

  @Test
  void longAxesAreLabelledAtRoundMultiples() {
    assertEquals(20, TickLabels.roundStep(150 / 8.0));
    assertEquals(1, TickLabels.roundStep(0.3));
    assertEquals(500, TickLabels.roundStep(700));
    assertEquals("40", TickLabels.multipleOf(40, 20));
    assertEquals("", TickLabels.multipleOf(45, 20));
  }

  @Test
  void onlyWholeEpochsGetALabel() {
    assertEquals("12", TickLabels.epoch(12.0));
    assertEquals("", TickLabels.epoch(12.5));
  }

  @Test
  void logScaleTicksShowTheValueAndWholeDecadesAsPowers() {
    assertEquals("10⁻⁵", TickLabels.power(-5));
    assertEquals("0.01", TickLabels.power(-2));
    assertEquals("1", TickLabels.power(0));
    assertEquals("0.16", TickLabels.power(-0.8));
    assertEquals("3.2·10⁻⁵", TickLabels.power(-4.5));
  }
}
