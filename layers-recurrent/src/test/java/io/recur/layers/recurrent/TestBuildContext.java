package io.recur.layers.recurrent;

import static java.util.Objects.requireNonNull;

import io.recur.spi.BuildContext;
import io.recur.spi.CellFactory;
import io.recur.spi.Initializer;
import io.recur.spi.Layer;
import io.recur.spi.RecurrentCell;
import io.recur.spi.TypedValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * A {@link BuildContext} without a registry. It knows two initialisers, {@code uniform-fan-in}
 * (U(−1/√fan_in, 1/√fan_in), core's default) and {@code zeros}, defined here so these tests do
 * not depend on core's initialiser classes; every call is logged as {@code "<type> <shape>
 * fan_in=<i> fan_out=<o>"} in {@link #initCalls()}.
 */
final class TestBuildContext implements BuildContext {
  private final String name;
  private final int[] inputShape;
  private final int inputVocabulary;
  private final RandomGenerator random;
  private final List<String> initCalls = new ArrayList<>();

  private TestBuildContext(String name, int[] inputShape, int inputVocabulary, RandomGenerator random) {
    this.name = requireNonNull(name, "name is null");
    this.inputShape = inputShape.clone();
    this.inputVocabulary = inputVocabulary;
    this.random = requireNonNull(random, "random is null");
  }

  static TestBuildContext of(String name, int[] inputShape, int inputVocabulary, long seed) {
    return new TestBuildContext(name, inputShape, inputVocabulary, new Well19937c(seed));
  }

  List<String> initCalls() {
    return initCalls;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public int inputVocabulary() {
    return inputVocabulary;
  }

  @Override
  public RandomGenerator random() {
    return random;
  }

  @Override
  public Initializer initializer(TypedValue value) {
    Initializer init = switch (value.type()) {
      case "uniform-fan-in" -> (t, fanIn, fanOut, r) -> {
        double bound = 1 / Math.sqrt(fanIn);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        }
      };
      case "zeros" -> (t, fanIn, fanOut, r) -> Arrays.fill(t.data(), 0f);
      default -> throw new IllegalArgumentException("test context knows no initializer '" + value.type() + "'");
    };
    return (t, fanIn, fanOut, r) -> {
      initCalls.add(value.type() + " " + Arrays.toString(t.shape()) + " fan_in=" + fanIn + " fan_out=" + fanOut);
      init.initialize(t, fanIn, fanOut, r);
    };
  }

  /** The built-in cells, as this module registers them. */
  @Override
  public RecurrentCell cell(TypedValue value) {
    return builtInCell(value.type()).create(value.params());
  }

  static CellFactory builtInCell(String name) {
    return new RecurrentLayersPlugin().cells().stream().filter(f -> f.name().equals(name)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("test context knows no cell '" + name + "'"));
  }

  @Override
  public Layer layer(TypedValue value, String name, int[] inputShape, int inputVocabulary) {
    throw new UnsupportedOperationException("recurrent layers nest no layers");
  }
}
