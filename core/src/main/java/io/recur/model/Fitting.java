package io.recur.model;

import io.recur.spi.FittedLayer;
import io.recur.spi.Split;
import io.recur.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Training by counting: a model whose layers have no trainable parameters and include a {@link
 * FittedLayer} (the {@code ngram} model) is fitted in one pass over the training split instead of
 * taking gradient steps ({@link #countedOnly}). A model with both (an ensemble that mixes a network
 * with an n-gram) is fitted once before its first gradient step, and its trainable layers then
 * learn with the counts fixed. The fitted state travels with the weights: {@code
 * weights.safetensors} and checkpoints hold it as {@code <layer>.<name>} tensors.
 */
public final class Fitting {
  private Fitting() {}

  /** True when the model has a fitted layer, whose state {@link #fitEpoch} counts from the data. */
  public static boolean fitted(Model model) {
    for (Model.NamedLayer l : model.layers()) {
      if (l.layer() instanceof FittedLayer) {
        return true;
      }
    }
    return false;
  }

  /** True when the model is fitted and has nothing to train: each epoch is a {@link #fitEpoch}, with no gradient step. */
  public static boolean countedOnly(Model model) {
    return fitted(model) && model.parameterCount() == 0;
  }

  /**
   * One fitting pass: every fitted layer forgets what it had, then sees the training split's
   * batches {@code order[b·B, (b+1)·B)} in order, each as the input the layers before it give it
   * (in evaluation mode). Returns the number of batches.
   */
  public static int fitEpoch(Model model, Split train, int[] order, int batchSize) {
    List<Model.NamedLayer> layers = model.layers();
    int last = -1;
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i).layer() instanceof FittedLayer f) {
        f.resetFit();
        last = i;
      }
    }
    int n = train.size();
    int batches = (n + batchSize - 1) / batchSize;
    for (int b = 0; b < batches; b++) {
      Batch batch = Batch.of(train, order, b * batchSize, Math.min(n, (b + 1) * batchSize));
      Tensor x = batch.inputs();
      try (Tensor.NoGrad noGrad = Tensor.noGrad()) {
        for (int i = 0; i <= last; i++) {
          if (layers.get(i).layer() instanceof FittedLayer f) {
            f.fit(x, batch.targets(), batch.mask());
          }
          if (i < last) {
            x = layers.get(i).layer().forward(x, Contexts.evaluation(batch.mask()));
          }
        }
      }
    }
    return batches;
  }

  /** Every fitted layer's state as {@code <layer>.<name>}, in layer order; empty without fitted layers. */
  public static Map<String, Tensor> state(Model model) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    for (Model.NamedLayer l : model.layers()) {
      if (l.layer() instanceof FittedLayer f) {
        f.fittedState().forEach((k, v) -> out.put(l.name() + "." + k, v));
      }
    }
    return out;
  }

  /**
   * Hands each fitted layer its {@code <layer>.*} tensors of {@code tensors} that are not its
   * parameters, and returns the others (the weights), in their order.
   *
   * @param source names the file, for messages
   */
  public static Map<String, Tensor> load(Model model, Map<String, Tensor> tensors, String source) {
    Map<String, Tensor> rest = new LinkedHashMap<>(tensors);
    for (Model.NamedLayer l : model.layers()) {
      if (l.layer() instanceof FittedLayer f) {
        String prefix = l.name() + ".";
        Map<String, Tensor> mine = new LinkedHashMap<>();
        tensors.forEach((k, v) -> {
          // a layer with weights beside its counts (an ensemble with an n-gram) keeps its weights
          if (k.startsWith(prefix) && !f.parameters().containsKey(k.substring(prefix.length()))) {
            mine.put(k.substring(prefix.length()), v);
            rest.remove(k);
          }
        });
        f.loadFittedState(mine, source);
      }
    }
    return rest;
  }
}
