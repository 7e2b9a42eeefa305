package io.recur.export.onnx;

import static java.util.Objects.requireNonNull;

import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.util.Map;

/**
 * What a {@link LayerExporter} gets for one layer: the graph to add to, the layer's name, type and
 * validated parameters (every default filled in, as {@code model.yaml} resolves them), its trained
 * weights and the graph's {@code lengths} input. Final states it leaves with {@link
 * #finalStates} become the graph's {@code h_n} and {@code c_n} when the layer is the model's last.
 *
 * @param weightPrefix what the layer's weight names start with in the model ({@code gru} for a
 *     layer named gru; {@code out.layer} for the dense inside a time-distributed {@code out})
 * @param lengths the int32 {@code [batch]} graph input holding each row's real steps
 * @param outputShape the layer's per-sample output shape, as built
 */
public record LayerExport(OnnxGraphBuilder graph, String name, String type, Params params, String weightPrefix,
    Map<String, Tensor> weights, String lengths, int[] outputShape, States states) {
  /**
   * The {@code h_n} (and {@code c_n}) names a recurrent layer leaves; both null for other layers.
   * A layer holding recurrent layers of its own (an ensemble) names theirs instead, as its
   * {@code finalStates()} does ({@code member1.gru_2.h_n}).
   */
  public static final class States {
    String hN;
    String cN;
    final Map<String, String> named = new java.util.LinkedHashMap<>();
  }

  public LayerExport {
    requireNonNull(graph, "graph is null");
    requireNonNull(params, "params is null");
    requireNonNull(weights, "weights is null");
  }

  /** The trained weight {@code <prefix>.<local>}. */
  public Tensor weight(String local) {
    Tensor t = weights.get(weightPrefix + "." + local);
    if (t == null) {
      throw error("has no weight '" + weightPrefix + "." + local + "'");
    }
    return t;
  }

  /** A parameter's value by name, as validated. */
  @SuppressWarnings("unchecked")
  public <T> T param(String key) {
    return (T) params.asMap().get(key);
  }

  /** Records the final states {@code [layers·directions, batch, units]}; {@code cN} may be null. */
  public void finalStates(String hN, String cN) {
    states.hN = hN;
    states.cN = cN;
  }

  /** Records a final state under its own name, for a layer that holds recurrent layers of its own. */
  public void namedState(String name, String value) {
    states.named.put(name, value);
  }

  /** The graph values' prefix for this layer's nodes and constants. */
  public String prefix() {
    return name;
  }

  /** An error naming the layer, for {@code recur export} (exit 2). */
  public RecurException error(String message) {
    return new RecurException("layer '" + name + "' (" + type + "): " + message);
  }
}
