package io.recur.report;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * Axis labels people read without effort: {@code 0.0038} rather than {@code .0038}, {@code
 * 2.5·10⁻⁵} rather than {@code 2.5E-5}, whole epochs only. XChart's default patterns print the
 * former; its charts take these as custom tick formatters.
 */
public final class TickLabels {
  private static final String SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹";

  private TickLabels() {}

  /**
   * At most three significant digits with a leading zero; below 10⁻⁴ and from 10⁶ on as a power
   * of ten ({@code 2.5·10⁻⁵}, {@code 10⁻⁶}), where a plain decimal would be too long to read.
   */
  public static String number(double v) {
    return number(v, 3);
  }

  /**
   * The label of a tick on a log-scale axis drawn as log10 of the values: the value 10^{@code
   * exponent} to two significant digits ({@code 10⁻⁵}, {@code 3.2·10⁻⁵}, {@code 0.16}).
   */
  public static String power(double exponent) {
    long k = Math.round(exponent);
    if (Math.abs(exponent - k) < 1e-9 && (k < -2 || k > 3)) {
      // whole decades alike on one axis: 10⁻³ beside 10⁻⁵, not 0.001
      return "10" + superscript((int) k);
    }
    return number(Math.pow(10, exponent), 2);
  }

  private static String number(double v, int digits) {
    if (v == 0 || !Double.isFinite(v)) {
      return v == 0 ? "0" : String.valueOf(v);
    }
    BigDecimal rounded = new BigDecimal(v).round(new MathContext(digits)).stripTrailingZeros();
    double a = Math.abs(v);
    if (a >= 1e-4 && a < 1e6) {
      return rounded.toPlainString();
    }
    int exponent = rounded.precision() - rounded.scale() - 1;
    BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
    String m = mantissa.toPlainString();
    String power = "10" + superscript(exponent);
    return m.equals("1") ? power : m.equals("-1") ? "-" + power : m + "·" + power;
  }

  /** An epoch tick: its number when whole, else nothing (no 2.5th epoch, no doubled labels). */
  public static String epoch(double x) {
    return whole(x);
  }

  /** The round step nearest {@code raw}, at least 1: 1, 2 or 5 times a power of ten. */
  public static long roundStep(double raw) {
    long power = 1;
    while (power * 10 <= raw) {
      power *= 10;
    }
    double m = raw / power;
    return power * (m >= 7.5 ? 10 : m >= 3.5 ? 5 : m >= 1.5 ? 2 : 1);
  }

  /** A tick's label when it falls on a multiple of {@code every} (0, 20, 40, …), else nothing. */
  public static String multipleOf(double x, long every) {
    return x == Math.rint(x) && Math.abs(x) < 1e15 && (long) x % every == 0 ? Long.toString((long) x) : "";
  }

  /** A tick on an axis of whole numbers (epochs, time steps): the number, or nothing between two. */
  public static String whole(double x) {
    return x == Math.rint(x) && Math.abs(x) < 1e9 ? Long.toString((long) x) : "";
  }

  private static String superscript(int n) {
    StringBuilder b = new StringBuilder(n < 0 ? "⁻" : "");
    for (char c : Integer.toString(Math.abs(n)).toCharArray()) {
      b.append(SUPERSCRIPTS.charAt(c - '0'));
    }
    return b.toString();
  }
}
