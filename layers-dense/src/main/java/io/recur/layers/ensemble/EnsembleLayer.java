package io.recur.layers.ensemble;

import io.recur.spi.ForwardContext;
import io.recur.spi.Layer;
import io.recur.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Members side by side: the mean log-probability while training (the members' own losses,
 * averaged), the log of the mean probability otherwise (the ensemble's prediction). See {@link
 * EnsembleLayerFactory}.
 */
class EnsembleLayer implements Layer {
  private final List<EnsembleMember> members;
  private final Map<String, Tensor> parameters;

  EnsembleLayer(List<EnsembleMember> members) {
    this.members = List.copyOf(members);
    Map<String, Tensor> p = new LinkedHashMap<>();
    for (EnsembleMember m : this.members) {
      m.parameters().forEach((name, t) -> p.put(m.prefix() + "." + name, t));
    }
    this.parameters = Collections.unmodifiableMap(p);
  }

  final List<EnsembleMember> members() {
    return members;
  }

  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    Tensor[] logProbabilities = new Tensor[members.size()];
    for (int k = 0; k < members.size(); k++) {
      logProbabilities[k] = members.get(k).forward(input, context).logSoftmax();
    }
    return context.training() ? meanOf(logProbabilities) : logMeanExp(logProbabilities);
  }

  private static Tensor meanOf(Tensor[] parts) {
    Tensor sum = parts[0];
    for (int k = 1; k < parts.length; k++) {
      sum = sum.add(parts[k]);
    }
    return sum.scale(1f / parts.length);
  }

  /**
   * {@code log(1/K · Σ_k exp(a_k))}, shifted by the element-wise maximum (a constant, so the
   * gradient is unchanged) so that a class every member finds very unlikely keeps a finite log.
   */
  private static Tensor logMeanExp(Tensor[] parts) {
    float[] max = parts[0].data().clone();
    for (int k = 1; k < parts.length; k++) {
      float[] a = parts[k].data();
      for (int i = 0; i < max.length; i++) {
        max[i] = Math.max(max[i], a[i]);
      }
    }
    Tensor shift = Tensor.of(max, parts[0].shape());
    Tensor sum = parts[0].sub(shift).exp();
    for (int k = 1; k < parts.length; k++) {
      sum = sum.add(parts[k].sub(shift).exp());
    }
    return sum.scale(1f / parts.length).log().add(shift);
  }

  @Override
  public Map<String, Tensor> parameters() {
    return parameters;
  }

  @Override
  public int[] outputShape() {
    return members.get(0).outputShape();
  }

  @Override
  public String toString() {
    return EnsembleLayerFactory.NAME + "(" + members.size() + " members)";
  }
}
