package io.recur.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.recur.spi.ForwardContext;
import io.recur.spi.Layer;
import io.recur.tensor.RecycledArrays;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * With gradients off, the model hands a layer's output back for reuse once the next layer has
 * read it, and never anything the caller can still see: its input (nor a view of it) and its
 * output stay intact through later forwards.
 */
class ModelRecyclingTest {
  private static final int WIDTH = 4096;

  /** Applies {@code f}, and remembers every input it was given (only to check identities here). */
  private static final class Spy implements Layer {
    final List<Tensor> inputs = new ArrayList<>();
    private final UnaryOperator<Tensor> f;

    Spy(UnaryOperator<Tensor> f) {
      this.f = f;
    }

    @Override
    public Tensor forward(Tensor input, ForwardContext context) {
      inputs.add(input);
      return f.apply(input);
    }

    @Override
    public Map<String, Tensor> parameters() {
      return Map.of();
    }

    @Override
    public int[] outputShape() {
      return new int[] {WIDTH};
    }
  }

  private static Set<float[]> identities(Tensor... tensors) {
    Set<float[]> set = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Tensor t : tensors) {
      set.add(t.data());
    }
    return set;
  }

  private static Model model(Layer... layers) {
    List<Model.NamedLayer> named = new ArrayList<>();
    for (int i = 0; i < layers.length; i++) {
      named.add(new Model.NamedLayer("l" + i, "spy", layers[i]));
    }
    return Model.of(named, new int[] {WIDTH});
  }

  private static Tensor batch(float start) {
    float[] x = new float[2 * WIDTH];
    for (int i = 0; i < x.length; i++) {
      x[i] = start + i % 13;
    }
    return Tensor.of(x, 2, WIDTH);
  }

  private static Tensor forwardWithoutGradients(Model model, Tensor x) {
    try (Tensor.NoGrad g = Tensor.noGrad()) {
      return model.forward(x, Contexts.evaluation(null));
    }
  }

  @Test
  void aLayersOutputIsReusedOnceTheNextLayerHasReadIt() {
    Spy first = new Spy(x -> x.scale(2f));
    Spy second = new Spy(x -> x.addScalar(1f));
    Spy third = new Spy(x -> x.scale(3f));
    Model model = model(first, second, third);
    Tensor a = batch(0f);
    Tensor b = batch(5f);
    float[] aValues = a.data().clone();
    Tensor outA = forwardWithoutGradients(model, a);
    float[] outAValues = outA.data().clone();
    Tensor outB = forwardWithoutGradients(model, b);

    // an intermediate array, once read, took a later result: within the first forward already
    // (the third layer's output can take the first's), and in the second
    Set<float[]> firstBatch = identities(second.inputs.get(0), third.inputs.get(0));
    Set<float[]> secondBatch = identities(second.inputs.get(1), third.inputs.get(1), outB);
    secondBatch.retainAll(firstBatch);
    secondBatch.remove(outA.data());
    assertFalse(secondBatch.isEmpty(), "the second batch reused none of the first's intermediate arrays");
    // and nothing the caller holds was touched
    assertArrayEquals(aValues, a.data(), "the input");
    assertArrayEquals(outAValues, outA.data(), "the first batch's output");
    assertFalse(outA.data() == outB.data(), "the first batch's output was reused");
    float[] expected = new float[b.size()];
    for (int i = 0; i < expected.length; i++) {
      expected[i] = (b.data()[i] * 2f + 1f) * 3f;
    }
    assertArrayEquals(expected, outB.data(), "the second batch through reused arrays");
  }

  @Test
  void anInputPassedOnAsAViewIsNeverReused() {
    Spy view = new Spy(x -> x.reshape(x.shape()));
    Spy scale = new Spy(x -> x.scale(2f));
    Model model = model(view, scale);
    Tensor a = batch(1f);
    float[] aValues = a.data().clone();
    forwardWithoutGradients(model, a);
    float[] fresh = RecycledArrays.zeros(a.size());
    assertFalse(a.data() == fresh, "the caller's input was handed out as a new array");
    RecycledArrays.giveBack(fresh);
    forwardWithoutGradients(model, batch(9f));
    assertArrayEquals(aValues, a.data(), "the input after another forward");
  }

  @Test
  void withGradientsOnNothingIsReused() {
    Spy first = new Spy(x -> x.scale(2f));
    Spy second = new Spy(x -> x.scale(3f));
    Model model = model(first, second);
    Tensor w = Tensor.parameter(2, WIDTH);
    for (int i = 0; i < 2; i++) {
      Tensor x = batch(i).mul(w);
      model.forward(x, Contexts.evaluation(null));
    }
    // the graph keeps each output for its backward
    assertFalse(second.inputs.get(0).data() == second.inputs.get(1).data(), "an output the graph keeps was reused");
  }
}
