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
 * averaged), the log of the mean probability otherwise (the ensemble's prediction), mixed with the
 * counted layers' mean probability when there are any. See {@link EnsembleLayerFactory}.
 */
class EnsembleLayer implements Layer {
  private final List<EnsembleMember> members;
  /** The counted layers, one per entry; empty for an ensemble of trained members only. */
  private final List<EnsembleMember> counted;
  /** The counted layers' share of the probability, {@code w}. */
  private final float countedWeight;
  private final Map<String, Tensor> parameters;
  /** Whether the last forward ran the counted layers (it does outside training only). */
  private boolean countedRan;

  EnsembleLayer(List<EnsembleMember> members) {
    this(members, List.of(), 0);
  }

  EnsembleLayer(List<EnsembleMember> members, List<EnsembleMember> counted, double countedWeight) {
    this.members = List.copyOf(members);
    this.counted = List.copyOf(counted);
    this.countedWeight = (float) countedWeight;
    Map<String, Tensor> p = new LinkedHashMap<>();
    for (EnsembleMember m : this.members) {
      m.parameters().forEach((name, t) -> p.put(m.prefix() + "." + name, t));
    }
    this.parameters = Collections.unmodifiableMap(p);
  }

  final List<EnsembleMember> members() {
    return members;
  }

  final List<EnsembleMember> counted() {
    return counted;
  }

  final boolean countedRan() {
    return countedRan;
  }

  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    Tensor[] logProbabilities = logProbabilities(members, input, context);
    countedRan = !context.training() && !counted.isEmpty();
    if (context.training()) {
      return meanOf(logProbabilities);
    }
    Tensor prediction = logMeanExp(logProbabilities);
    if (!countedRan) {
      return prediction;
    }
    return logMix(prediction, 1 - countedWeight, logMeanExp(logProbabilities(counted, input, context)), countedWeight);
  }

  private static Tensor[] logProbabilities(List<EnsembleMember> parts, Tensor input, ForwardContext context) {
    Tensor[] out = new Tensor[parts.size()];
    for (int k = 0; k < parts.size(); k++) {
      out[k] = parts.get(k).forward(input, context).logSoftmax();
    }
    return out;
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
    Tensor shift = elementwiseMax(parts);
    Tensor sum = parts[0].sub(shift).exp();
    for (int k = 1; k < parts.length; k++) {
      sum = sum.add(parts[k].sub(shift).exp());
    }
    return sum.scale(1f / parts.length).log().add(shift);
  }

  /** {@code log(wa·exp(a) + wb·exp(b))}, shifted by the element-wise maximum like {@link #logMeanExp}. */
  private static Tensor logMix(Tensor a, float wa, Tensor b, float wb) {
    Tensor shift = elementwiseMax(a, b);
    return a.sub(shift).exp().scale(wa).add(b.sub(shift).exp().scale(wb)).log().add(shift);
  }

  /** The element-wise maximum of tensors of one shape, a constant (no gradient) to shift by. */
  private static Tensor elementwiseMax(Tensor... parts) {
    float[] max = parts[0].data().clone();
    for (int k = 1; k < parts.length; k++) {
      float[] a = parts[k].data();
      for (int i = 0; i < max.length; i++) {
        max[i] = Math.max(max[i], a[i]);
      }
    }
    return Tensor.of(max, parts[0].shape());
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
    return EnsembleLayerFactory.NAME + "(" + members.size() + (members.size() == 1 ? " member" : " members")
        + (counted.isEmpty() ? "" : " + " + counted.size() + " counted") + ")";
  }
}
