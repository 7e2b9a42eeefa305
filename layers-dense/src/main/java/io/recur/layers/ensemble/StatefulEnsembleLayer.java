package io.recur.layers.ensemble;

import io.recur.spi.StatefulLayer;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ensemble whose members hold recurrent layers: it carries every member's states, named
 * {@code member1.lstm_1.h_n}, so truncated back-propagation, stream evaluation and step-by-step
 * sampling continue each member where it stopped. Counted layers that carry a state (an n-gram's
 * last tokens, {@code counted1.ngram_0.history}) carry it too after a forward that ran them.
 */
class StatefulEnsembleLayer extends EnsembleLayer implements StatefulLayer {
  StatefulEnsembleLayer(List<EnsembleMember> members) {
    super(members);
  }

  StatefulEnsembleLayer(List<EnsembleMember> members, List<EnsembleMember> counted, double countedWeight) {
    super(members, counted, countedWeight);
  }

  /** The members, then the counted layers. */
  private List<EnsembleMember> parts() {
    List<EnsembleMember> parts = new ArrayList<>(members());
    parts.addAll(counted());
    return parts;
  }

  @Override
  public Map<String, Tensor> finalStates() {
    Map<String, Tensor> states = new LinkedHashMap<>();
    // a training forward skips the counted layers: what they hold is from an earlier forward
    for (EnsembleMember m : countedRan() ? parts() : members()) {
      for (EnsembleMember.NamedLayer l : m.statefulLayers()) {
        ((StatefulLayer) l.layer()).finalStates()
            .forEach((name, t) -> states.put(m.key(l, name), t));
      }
    }
    return states;
  }

  @Override
  public void startFrom(Map<String, Tensor> states) {
    for (EnsembleMember m : parts()) {
      for (EnsembleMember.NamedLayer l : m.statefulLayers()) {
        StatefulLayer layer = (StatefulLayer) l.layer();
        if (states == null || states.isEmpty()) {
          layer.startFrom(null);
          continue;
        }
        Map<String, Tensor> own = new LinkedHashMap<>();
        String prefix = m.key(l, "");
        states.forEach((name, t) -> {
          if (name.startsWith(prefix)) {
            own.put(name.substring(prefix.length()), t);
          }
        });
        // a counted layer has no state in what a training batch carried: it starts afresh
        layer.startFrom(own.isEmpty() ? null : own);
      }
    }
  }
}
