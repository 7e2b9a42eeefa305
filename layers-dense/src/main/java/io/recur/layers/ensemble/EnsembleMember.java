package io.recur.layers.ensemble;

import io.recur.spi.ForwardContext;
import io.recur.spi.Layer;
import io.recur.spi.StatefulLayer;
import io.recur.spi.TypedValue;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One member of an ensemble (or one of its counted layers): its layers in order, named as a model names them. */
record EnsembleMember(String prefix, List<NamedLayer> layers) {
  record NamedLayer(String name, Layer layer) {}

  EnsembleMember {
    layers = List.copyOf(layers);
  }

  /** {@code member1}, {@code member2}, …: the weight-name prefix of member k (counted from 1). */
  static String prefix(int k) {
    return "member" + k;
  }

  /** {@code counted1}, …: the state-name prefix of counted layer c (counted from 1). */
  static String countedPrefix(int c) {
    return "counted" + c;
  }

  /** A layer's name inside a member, as a model names its layers: its {@code name:}, else {@code <type>_<index>}. */
  static String localName(TypedValue spec, int index) {
    return spec.name().isEmpty() ? spec.type() + "_" + index : spec.name();
  }

  /** {@code member1.lstm_1.<name>}: a tensor or state of one of this member's layers, as the ensemble names it. */
  String key(NamedLayer layer, String name) {
    return prefix + "." + layer.name() + "." + name;
  }

  Tensor forward(Tensor input, ForwardContext context) {
    Tensor x = input;
    for (NamedLayer l : layers) {
      x = l.layer().forward(x, context);
    }
    return x;
  }

  /** Parameters as {@code <layer>.<param>}, in layer order. */
  Map<String, Tensor> parameters() {
    Map<String, Tensor> p = new LinkedHashMap<>();
    for (NamedLayer l : layers) {
      l.layer().parameters().forEach((name, t) -> p.put(l.name() + "." + name, t));
    }
    return p;
  }

  int[] outputShape() {
    return layers.get(layers.size() - 1).layer().outputShape();
  }

  int outputVocabulary() {
    return layers.get(layers.size() - 1).layer().outputVocabulary();
  }

  /** The layers that carry a state, with their names, in layer order. */
  List<NamedLayer> statefulLayers() {
    List<NamedLayer> stateful = new ArrayList<>();
    for (NamedLayer l : layers) {
      if (l.layer() instanceof StatefulLayer) {
        stateful.add(l);
      }
    }
    return Collections.unmodifiableList(stateful);
  }
}
