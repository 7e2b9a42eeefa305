package io.recur.engine;

import io.recur.model.Model;
import io.recur.spi.StatefulLayer;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The states of a model's stateful layers carried from one piece of a stream to the next: each
 * piece starts where the one before it ended, the first from the layers' initial states.
 */
final class StreamStates {
  private final List<StatefulLayer> layers = new ArrayList<>();
  /** Per layer, the states the last piece ended in; null before the first piece. */
  private List<Map<String, Tensor>> carried;

  StreamStates(Model model) {
    for (Model.NamedLayer l : model.layers()) {
      if (l.layer() instanceof StatefulLayer s) {
        layers.add(s);
      }
    }
  }

  /** Before a piece: every stateful layer starts from where the previous piece ended. */
  void startNext() {
    for (int i = 0; i < layers.size(); i++) {
      layers.get(i).startFrom(carried == null ? null : carried.get(i));
    }
  }

  /** After a piece: keeps its final states, detached, so a backward reaches back no further. */
  void keep() {
    List<Map<String, Tensor>> states = new ArrayList<>();
    for (StatefulLayer s : layers) {
      Map<String, Tensor> detached = new LinkedHashMap<>();
      s.finalStates().forEach((k, v) -> detached.put(k, v.detach()));
      states.add(detached);
    }
    carried = states;
  }
}
