package io.recur.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.io.Safetensors;
import io.recur.model.Model;
import io.recur.run.SavedModel;
import io.recur.spi.ForwardContext;
import io.recur.spi.Layer;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link SavedModel#loadWeights} refuses a weights file holding NaN or an infinity, naming the
 * tensor and the element. In this package because a {@link Model} is built here from a layer.
 */
class NonFiniteWeightsTest {
  @TempDir Path dir;

  /** A dense layer's parameters, {@code weight [2, 3]} and {@code bias [2]}; forward is not used. */
  private static final class Dense implements Layer {
    private final Map<String, Tensor> params = new LinkedHashMap<>();

    Dense() {
      params.put("weight", Tensor.parameter(2, 3));
      params.put("bias", Tensor.parameter(2));
    }

    @Override
    public Tensor forward(Tensor input, ForwardContext context) {
      return input.linear(params.get("weight"), params.get("bias"));
    }

    @Override
    public Map<String, Tensor> parameters() {
      return params;
    }

    @Override
    public int[] outputShape() {
      return new int[] {2};
    }
  }

  private static Model model() {
    return Model.of(List.of(new Model.NamedLayer("dense_2", "dense", new Dense())), new int[] {3});
  }

  private Path weights(float[] weight, float[] bias) {
    Map<String, Tensor> t = new LinkedHashMap<>();
    t.put("dense_2.weight", Tensor.of(weight, 2, 3));
    t.put("dense_2.bias", Tensor.of(bias, 2));
    Path file = dir.resolve(SavedModel.WEIGHTS);
    Safetensors.write(file, t, Map.of("format", "pt"));
    return file;
  }

  @Test
  void finiteWeightsLoad() {
    Path file = weights(new float[] {1, 2, 3, 4, 5, -Float.MAX_VALUE}, new float[] {0.5f, -0.5f});
    Model m = model();
    SavedModel.loadWeights(file, m);
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, -Float.MAX_VALUE}, m.parameters().get("dense_2.weight").data());
  }

  @Test
  void aNanIsRefusedNamingTheTensorAndTheElement() {
    Path file = weights(new float[] {1, 2, 3, 4, Float.NaN, 6}, new float[] {0, 0});
    Model m = model();
    RecurException e = assertThrows(RecurException.class, () -> SavedModel.loadWeights(file, m));
    assertEquals(file + ": tensor 'dense_2.weight' holds NaN (element [1, 1] of [2, 3]); the model cannot be used"
        + " (retrain it or restore its weights)", e.getMessage());
    // nothing was copied into the model
    assertArrayEquals(new float[6], m.parameters().get("dense_2.weight").data());
  }

  @Test
  void anInfinityIsRefusedToo() {
    Path file = weights(new float[6], new float[] {0, Float.NEGATIVE_INFINITY});
    RecurException e = assertThrows(RecurException.class, () -> SavedModel.loadWeights(file, model()));
    assertEquals(file + ": tensor 'dense_2.bias' holds -Infinity (element [1] of [2]); the model cannot be used"
        + " (retrain it or restore its weights)", e.getMessage());
    Path plus = weights(new float[] {Float.POSITIVE_INFINITY, 0, 0, 0, 0, 0}, new float[2]);
    assertEquals(plus + ": tensor 'dense_2.weight' holds +Infinity (element [0, 0] of [2, 3]); the model cannot be used"
        + " (retrain it or restore its weights)",
        assertThrows(RecurException.class, () -> SavedModel.loadWeights(plus, model())).getMessage());
  }
}
