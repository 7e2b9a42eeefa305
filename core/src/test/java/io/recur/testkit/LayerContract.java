package io.recur.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Safetensors;
import io.recur.spi.BuildContext;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.Params;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every layer must do, built-in or plugin, checked for each configuration {@link #cases()}
 * lists (extend this class in your layer's test):
 *
 * <ul>
 *   <li>the output is {@code [N, ...outputShape()]};
 *   <li>the backward matches central finite differences ({@link GradCheck}) for the input (when
 *       real-valued) and every parameter, with the case's mask too when it has one;
 *   <li>the same seed gives the same parameter bits, another seed other bits, and the same input
 *       the same output bits;
 *   <li>{@code parameters()} returns the same trainable instances every call;
 *   <li>the parameters survive a safetensors round trip: written as {@code weights.safetensors}
 *       writes them and read into a layer initialised from another seed, they give the same
 *       output bits;
 *   <li>for cases marked {@link Case#withMask()}: values at padded steps change nothing at real
 *       steps, and receive no gradient. A layer whose per-sample output starts with the step
 *       dimension ({@code [T, ...]}, at least as many dimensions as its input) is compared at its
 *       real steps; any other output (a pooled {@code [F]}) is compared whole.
 * </ul>
 *
 * <pre>{@code
 * class AttentionPoolLayerTest extends LayerContract {
 *   @Override protected Stream<Case> cases() {
 *     return Stream.of(Case.of("[N, T, F]", new AttentionPoolLayerFactory(), Map.of(), 5, 4).withMask());
 *   }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class LayerContract {
  /** Samples per test batch. */
  public static final int BATCH = 3;
  /** The init seed of the layer under test. */
  protected static final long SEED = 42;

  /**
   * One configuration to hold to the contract.
   *
   * @param params the YAML params, defaults filled in by {@link TestParams}
   * @param inputShape the per-sample input shape, e.g. {@code [T, F]}
   * @param inputVocabulary when > 0, the input is token ids below it
   * @param training run forward in training mode, with a fixed dropout seed per call
   * @param eps the finite-difference step; smaller for relu so no kink falls inside it
   * @param masked the layer honours {@code ForwardContext.mask()} over the first input dimension
   */
  public record Case(String name, LayerFactory factory, Map<String, ?> params, int[] inputShape,
      int inputVocabulary, boolean training, double eps, boolean masked) {
    public Case {
      params = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(params));
      inputShape = inputShape.clone();
    }

    public static Case of(String name, LayerFactory factory, Map<String, ?> params, int... inputShape) {
      return new Case(name, factory, params, inputShape, 0, false, GradCheck.DEFAULT_EPS, false);
    }

    /** Input of token ids below {@code vocabulary}, as an embedding layer takes. */
    public static Case ids(String name, LayerFactory factory, Map<String, ?> params, int vocabulary, int... inputShape) {
      return new Case(name, factory, params, inputShape, vocabulary, false, GradCheck.DEFAULT_EPS, false);
    }

    /**
     * Runs every check in training mode ({@link io.recur.spi.ForwardContext#training()} true), each
     * forward with a fresh dropout stream of one fixed seed: for a layer that behaves differently
     * while training (dropout, noise). Same seed ⇒ same draws, so the gradient check, the
     * same-bits checks and the padding check still hold; a layer that draws from anything but
     * {@code context.random()} fails them.
     */
    public Case whileTraining() {
      return new Case(name, factory, params, inputShape, inputVocabulary, true, eps, masked);
    }

    public Case withEps(double step) {
      return new Case(name, factory, params, inputShape, inputVocabulary, training, step, masked);
    }

    /** Also check padding: the layer must honour a {@code [N, T]} mask over its first input dimension. */
    public Case withMask() {
      return new Case(name, factory, params, inputShape, inputVocabulary, training, eps, true);
    }

    @Override
    public int[] inputShape() {
      return inputShape.clone();
    }

    @Override
    public String toString() {
      return name;
    }
  }

  /** The configurations to check; called by JUnit once per contract test. */
  protected abstract Stream<Case> cases();

  /** The build context for the layer under test; override to use a context of your own. */
  protected BuildContext buildContext(String name, int[] inputShape, int inputVocabulary, long seed) {
    return TestContexts.build(name, inputShape, inputVocabulary, seed);
  }

  /** The case's params with defaults filled in; override to resolve them differently. */
  protected Params params(Case c) {
    return TestParams.resolve(c.factory(), c.params());
  }

  /** The layer of {@code c}, initialised from {@code seed}. */
  protected Layer build(Case c, long seed) {
    return c.factory().create(params(c), buildContext("layer_under_test", c.inputShape(), c.inputVocabulary(), seed));
  }

  /** Uniform values in [-1, 1) requiring a gradient, or random token ids (ids repeat on purpose). */
  public static Tensor input(Case c, long seed) {
    int[] shape = Shape.batched(BATCH, c.inputShape());
    if (c.inputVocabulary() == 0) {
      return GradCheck.random(seed, shape);
    }
    Tensor ids = Tensor.zeros(shape);
    SplittableRandom rng = new SplittableRandom(seed);
    float[] d = ids.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = rng.nextInt(c.inputVocabulary());
    }
    return ids;
  }

  /** The raw bits of every element, for exact comparisons. */
  public static int[] bits(Tensor t) {
    float[] d = t.data();
    int[] out = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = Float.floatToRawIntBits(d[i]);
    }
    return out;
  }

  private static Tensor forward(Layer layer, Tensor x, Case c, Tensor mask) {
    return layer.forward(x, c.training() ? TestContexts.training(mask, 7) : TestContexts.evaluation(mask));
  }

  /** Steps T, and lengths {T, T-2, 1} (at least 1) for the rows of a batch of {@link #BATCH}. */
  private static Tensor mask(Case c) {
    int steps = c.inputShape()[0];
    return TestContexts.mask(steps, steps, Math.max(1, steps - 2), 1);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  public void outputIsTheBatchFollowedByTheDeclaredOutputShape(Case c) {
    Layer layer = build(c, SEED);
    assertNotNull(layer.outputShape(), c.name() + ": outputShape() is null");
    Tensor y = forward(layer, input(c, 1), c, null);
    assertArrayEquals(Shape.batched(BATCH, layer.outputShape()), y.shape(), c.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  public void backwardMatchesFiniteDifferencesForInputAndEveryParameter(Case c) {
    Layer layer = build(c, SEED);
    Tensor x = input(c, 1);
    List<Tensor> inputs = new ArrayList<>();
    if (c.inputVocabulary() == 0) {
      inputs.add(x);
    }
    inputs.addAll(layer.parameters().values());
    Assumptions.assumeFalse(inputs.isEmpty(), "token ids in, no parameters: nothing has a gradient");
    GradCheck.check(in -> forward(layer, x, c, null), inputs, c.eps(), GradCheck.DEFAULT_ATOL, GradCheck.DEFAULT_RTOL);
    if (c.masked()) {
      Tensor mask = mask(c);
      GradCheck.check(in -> forward(layer, x, c, mask), inputs, c.eps(), GradCheck.DEFAULT_ATOL, GradCheck.DEFAULT_RTOL);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  public void theSameSeedGivesTheSameParameterBits(Case c) {
    Map<String, Tensor> a = build(c, SEED).parameters();
    Map<String, Tensor> b = build(c, SEED).parameters();
    assertEquals(List.copyOf(a.keySet()), List.copyOf(b.keySet()));
    for (String name : a.keySet()) {
      assertArrayEquals(bits(a.get(name)), bits(b.get(name)), name);
    }
    Map<String, Tensor> other = build(c, SEED + 1).parameters();
    for (String name : a.keySet()) {
      // a zero-initialised tensor (a bias) may rightly ignore the seed; anything random may not
      if (Arrays.stream(bits(a.get(name))).anyMatch(v -> v != 0)) {
        assertFalse(Arrays.equals(bits(a.get(name)), bits(other.get(name))), name + " ignores the seed");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  public void theSameInputGivesTheSameOutputBits(Case c) {
    Layer first = build(c, SEED);
    Layer second = build(c, SEED);
    Tensor x = input(c, 5);
    int[] once = bits(forward(first, x, c, null));
    assertArrayEquals(once, bits(forward(first, x, c, null)), c.name() + ": a second call on the same layer differs");
    assertArrayEquals(once, bits(forward(second, x, c, null)), c.name() + ": a layer built from the same seed differs");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  public void parametersAreTheSameTrainableInstancesEveryCall(Case c) {
    Layer layer = build(c, SEED);
    Map<String, Tensor> first = layer.parameters();
    Map<String, Tensor> second = layer.parameters();
    assertEquals(List.copyOf(first.keySet()), List.copyOf(second.keySet()));
    for (String name : first.keySet()) {
      assertSame(first.get(name), second.get(name), name);
      assertTrue(first.get(name).requiresGrad(), name + " is not trainable");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  public void parametersSurviveASafetensorsRoundTrip(Case c) {
    Layer saved = build(c, SEED);
    Map<String, Tensor> named = new LinkedHashMap<>();
    saved.parameters().forEach((k, v) -> named.put("layer_under_test." + k, v));
    byte[] file = Safetensors.encode(named, Map.of("format", "pt"));

    Layer loaded = build(c, SEED + 1);
    Map<String, Tensor> read = Safetensors.decode(file, c.name() + ".safetensors").tensors();
    assertEquals(List.copyOf(named.keySet()), List.copyOf(read.keySet()), "tensor names after the round trip");
    for (Map.Entry<String, Tensor> p : loaded.parameters().entrySet()) {
      Tensor w = read.get("layer_under_test." + p.getKey());
      assertArrayEquals(p.getValue().shape(), w.shape(), p.getKey() + " shape");
      System.arraycopy(w.data(), 0, p.getValue().data(), 0, w.size());
    }
    Tensor x = input(c, 3);
    assertArrayEquals(bits(forward(saved, x, c, null)), bits(forward(loaded, x, c, null)),
        c.name() + ": the reloaded layer computes something else");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  public void paddedStepsChangeNothingAtRealStepsAndGetNoGradient(Case c) {
    Assumptions.assumeTrue(c.masked(), "the case does not declare mask support (Case.withMask())");
    Layer layer = build(c, SEED);
    Tensor mask = mask(c);
    int steps = c.inputShape()[0];
    int perStep = Shape.size(c.inputShape()) / steps;
    Tensor x = input(c, 11);
    Tensor noisy = x.copy();
    if (c.inputVocabulary() == 0) {
      noisy.requireGrad(true);
    }
    float[] d = noisy.data();
    for (int n = 0; n < BATCH; n++) {
      for (int t = 0; t < steps; t++) {
        if (mask.get(n, t) == 0f) {
          for (int i = 0; i < perStep; i++) {
            int at = (n * steps + t) * perStep + i;
            d[at] = c.inputVocabulary() > 0 ? (d[at] + 1) % c.inputVocabulary() : d[at] + 3.5f;
          }
        }
      }
    }
    Tensor clean = forward(layer, x, c, mask);
    Tensor dirty = forward(layer, noisy, c, mask);
    int[] out = layer.outputShape();
    boolean sequenceOut = out.length >= c.inputShape().length && out.length > 0 && out[0] == steps;
    float[] a = clean.data();
    float[] b = dirty.data();
    float[] seed = new float[b.length];
    int outPerStep = sequenceOut ? Shape.size(out) / steps : Shape.size(out);
    for (int n = 0; n < BATCH; n++) {
      for (int j = 0; j < Shape.size(out); j++) {
        boolean real = !sequenceOut || mask.get(n, j / outPerStep) != 0f;
        int at = n * Shape.size(out) + j;
        if (real) {
          assertEquals(Float.floatToRawIntBits(a[at]), Float.floatToRawIntBits(b[at]),
              c.name() + ": output " + at + " of row " + n + " depends on a padded step");
          seed[at] = 1f;
        }
      }
    }
    if (c.inputVocabulary() == 0 && dirty.requiresGrad()) {
      dirty.backward(seed);
      float[] g = noisy.grad() == null ? new float[d.length] : noisy.grad();
      for (int n = 0; n < BATCH; n++) {
        for (int t = 0; t < steps; t++) {
          for (int i = 0; i < perStep && mask.get(n, t) == 0f; i++) {
            assertEquals(0f, g[(n * steps + t) * perStep + i], c.name() + ": padded step " + t + " of row " + n
                + " receives a gradient");
          }
        }
      }
    }
  }
}
