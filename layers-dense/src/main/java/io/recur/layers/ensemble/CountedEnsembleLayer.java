package io.recur.layers.ensemble;

import io.recur.spi.FittedLayer;
import io.recur.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An ensemble with counted layers beside its trained members: the engine fits it once before the
 * first gradient step ({@link FittedLayer}), and its counts are saved as {@code
 * counted1.ngram_0.ngrams}, …. Each counted layer reads the ensemble's input.
 */
final class CountedEnsembleLayer extends StatefulEnsembleLayer implements FittedLayer {
  CountedEnsembleLayer(List<EnsembleMember> members, List<EnsembleMember> counted, double countedWeight) {
    super(members, counted, countedWeight);
  }

  @Override
  public void resetFit() {
    counted().forEach(c -> fitted(c).resetFit());
  }

  @Override
  public void fit(Tensor inputs, Tensor targets, Tensor mask) {
    counted().forEach(c -> fitted(c).fit(inputs, targets, mask));
  }

  @Override
  public Map<String, Tensor> fittedState() {
    Map<String, Tensor> state = new LinkedHashMap<>();
    for (EnsembleMember c : counted()) {
      fitted(c).fittedState().forEach((name, t) -> state.put(prefix(c) + name, t));
    }
    return state;
  }

  @Override
  public void loadFittedState(Map<String, Tensor> state, String source) {
    for (EnsembleMember c : counted()) {
      String prefix = prefix(c);
      Map<String, Tensor> own = new LinkedHashMap<>();
      state.forEach((name, t) -> {
        if (name.startsWith(prefix)) {
          own.put(name.substring(prefix.length()), t);
        }
      });
      fitted(c).loadFittedState(own, source);
    }
  }

  /** The one layer of a counted entry, checked to be fitted when the ensemble was built. */
  private static FittedLayer fitted(EnsembleMember counted) {
    return (FittedLayer) counted.layers().get(0).layer();
  }

  private static String prefix(EnsembleMember counted) {
    return counted.key(counted.layers().get(0), "");
  }
}
