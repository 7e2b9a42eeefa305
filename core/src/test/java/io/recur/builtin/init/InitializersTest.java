package io.recur.builtin.init;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.builtin.Fixtures;
import io.recur.spi.Initializer;
import io.recur.spi.InitializerFactory;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;
import org.junit.jupiter.api.Test;

class InitializersTest {
  private static final int ROWS = 300;
  private static final int COLS = 200;

  private static Tensor init(InitializerFactory f, Map<String, ?> params, long seed, int fanIn, int fanOut, int... shape) {
    Tensor t = Tensor.parameter(shape);
    Initializer i = f.create(Fixtures.params(f, params));
    i.initialize(t, fanIn, fanOut, new Well19937c(seed));
    return t;
  }

  /** A [300, 200] weight: fan_in 200, fan_out 300. */
  private static SummaryStatistics stats(InitializerFactory f, Map<String, ?> params) {
    Tensor t = init(f, params, 7, COLS, ROWS, ROWS, COLS);
    SummaryStatistics s = new SummaryStatistics();
    for (float v : t.data()) {
      s.addValue(v);
    }
    return s;
  }

  /** Uniform on ±bound: bounds respected, nearly reached, mean ≈ 0, std ≈ bound/√3. */
  private static void assertUniform(SummaryStatistics s, double bound) {
    assertTrue(s.getMax() <= bound && s.getMin() >= -bound, "within ±" + bound + ": " + s);
    assertTrue(s.getMax() > 0.99 * bound && s.getMin() < -0.99 * bound, "reaches ±" + bound + ": " + s);
    assertEquals(0, s.getMean(), 0.01 * bound);
    assertEquals(bound / Math.sqrt(3), s.getStandardDeviation(), 0.01 * bound);
  }

  private static void assertNormal(SummaryStatistics s, double mean, double std) {
    assertEquals(mean, s.getMean(), 0.01 * std + 1e-9);
    assertEquals(std, s.getStandardDeviation(), 0.01 * std);
    assertTrue(s.getMax() > mean + 3.5 * std, "not truncated: " + s);
  }

  @Test
  void uniformDrawsFromPlusMinusRange() {
    assertUniform(stats(new UniformInitializerFactory(), Map.of("range", 0.2)), 0.2);
    assertUniform(stats(new UniformInitializerFactory(), Map.of()), 0.05);
  }

  @Test
  void normalHasTheGivenMeanAndStd() {
    assertNormal(stats(new NormalInitializerFactory(), Map.of("mean", 0.3, "std", 0.1)), 0.3, 0.1);
    assertNormal(stats(new NormalInitializerFactory(), Map.of()), 0, 0.05);
  }

  @Test
  void fanBasedInitialisersUseTheirPyTorchBounds() {
    assertUniform(stats(new GlorotUniformInitializerFactory(), Map.of()), Math.sqrt(6.0 / (COLS + ROWS)));
    assertNormal(stats(new GlorotNormalInitializerFactory(), Map.of()), 0, Math.sqrt(2.0 / (COLS + ROWS)));
    assertUniform(stats(new HeUniformInitializerFactory(), Map.of()), Math.sqrt(6.0 / COLS));
    assertNormal(stats(new HeNormalInitializerFactory(), Map.of()), 0, Math.sqrt(2.0 / COLS));
    assertUniform(stats(new UniformFanInInitializerFactory(), Map.of()), 1 / Math.sqrt(COLS));
  }

  @Test
  void zerosAndConstantFillEveryValue() {
    Tensor z = Tensor.of(new float[] {1, 2, 3}, 3);
    new ZerosInitializerFactory().create(Fixtures.params(new ZerosInitializerFactory())).initialize(z, 3, 3, null);
    assertArrayEquals(new float[3], z.data());
    Tensor c = init(new ConstantInitializerFactory(), Map.of("value", 0.25), 1, 3, 3, 2, 2);
    assertArrayEquals(new float[] {0.25f, 0.25f, 0.25f, 0.25f}, c.data());
  }

  @Test
  void orthogonalGivesOrthonormalColumnsOrRows() {
    assertGram(init(new OrthogonalInitializerFactory(), Map.of(), 3, 0, 0, 40, 12), true, 1);
    assertGram(init(new OrthogonalInitializerFactory(), Map.of(), 3, 0, 0, 12, 40), false, 1);
    assertGram(init(new OrthogonalInitializerFactory(), Map.of("gain", 2.0), 3, 0, 0, 16, 16), true, 4);
    assertGram(init(new OrthogonalInitializerFactory(), Map.of("gain", 2.0), 3, 0, 0, 16, 16), false, 4);
    // more than two dimensions: [rows, everything else], as torch.nn.init.orthogonal_
    Tensor t = init(new OrthogonalInitializerFactory(), Map.of(), 3, 0, 0, 4, 2, 3);
    assertGram(Tensor.of(t.data(), 4, 6), false, 1);
  }

  /** QᵀQ (columns) or QQᵀ (rows) ≈ scale·I. */
  private static void assertGram(Tensor q, boolean columns, double scale) {
    int rows = q.dim(0), cols = q.dim(1), n = columns ? cols : rows;
    for (int a = 0; a < n; a++) {
      for (int b = 0; b < n; b++) {
        double dot = 0;
        for (int k = 0; k < (columns ? rows : cols); k++) {
          dot += columns ? (double) q.get(k, a) * q.get(k, b) : (double) q.get(a, k) * q.get(b, k);
        }
        assertEquals(a == b ? scale : 0, dot, 1e-5, "Gram entry " + a + "," + b);
      }
    }
  }

  @Test
  void orthogonalRejectsVectors() {
    RecurException e = assertThrows(RecurException.class,
        () -> init(new OrthogonalInitializerFactory(), Map.of(), 1, 5, 5, 5));
    assertEquals("initializer 'orthogonal' needs a parameter with at least 2 dimensions, got [5];"
        + " use it for weight matrices only", e.getMessage());
  }

  @Test
  void fanBasedInitialisersRejectAnEmptyFan() {
    RecurException e = assertThrows(RecurException.class,
        () -> init(new HeUniformInitializerFactory(), Map.of(), 1, 0, 4, 4, 0));
    assertEquals("initializer 'he-uniform': fan_in must be positive, got 0 for a parameter of shape [4, 0]",
        e.getMessage());
  }

  @Test
  void sameSeedGivesSameBitsAndAnotherSeedDoesNot() {
    for (InitializerFactory f : List.of(new UniformInitializerFactory(), new NormalInitializerFactory(),
        new GlorotUniformInitializerFactory(), new GlorotNormalInitializerFactory(), new HeUniformInitializerFactory(),
        new HeNormalInitializerFactory(), new OrthogonalInitializerFactory(), new UniformFanInInitializerFactory())) {
      Tensor a = init(f, Map.of(), 42, 5, 7, 7, 5);
      Tensor b = init(f, Map.of(), 42, 5, 7, 7, 5);
      Tensor c = init(f, Map.of(), 43, 5, 7, 7, 5);
      assertArrayEquals(a.data(), b.data(), 0f, f.name());
      assertFalse(Arrays.equals(a.data(), c.data()), f.name());
    }
  }

  @Test
  void drawsInRowMajorOrder() {
    // the first value of a [2, 3] tensor is the first draw, the second the second: a fixed seed fixes each position
    Tensor small = init(new UniformInitializerFactory(), Map.of("range", 1.0), 9, 3, 2, 2, 3);
    Tensor flat = init(new UniformInitializerFactory(), Map.of("range", 1.0), 9, 3, 2, 6);
    assertArrayEquals(flat.data(), small.data(), 0f);
    Well19937c r = new Well19937c(9L); // the long constructor, as init() uses: Well19937c(int) seeds differently
    double u = r.nextDouble();
    assertEquals((float) (u * 1.0 + (1 - u) * -1.0), small.data()[0]);
  }
}
