package io.recur.model;

import io.recur.spi.RecurException;
import io.recur.spi.StatefulLayer;
import io.recur.tensor.Tensor;
import java.util.Set;

/**
 * Whether a model can be fed a sequence a piece at a time, carrying its state between pieces:
 * every layer must either carry a state ({@link StatefulLayer}) or act on each position on its own,
 * and every stateful layer must accept the states a forward leaves (a bidirectional recurrent
 * layer cannot: its reverse direction reads the future).
 */
public final class StepwiseModels {
  /**
   * The built-in layers that act on each position on its own. Any other layer (flatten, a plugin
   * layer) needs the whole sequence at once.
   */
  public static final Set<String> POSITIONWISE = Set.of("embedding", "dense", "dropout", "activation", "time-distributed");

  private StepwiseModels() {}

  /**
   * Null when the model can run step by step, else why not, naming the layer.
   *
   * @param probe a one-step input of the model's kind ({@code [1, 1]} token ids or {@code [1, 1,
   *     F]} values), run once to find out whether the stateful layers can carry their states
   */
  public static String whyNotStepwise(Model model, Tensor probe) {
    boolean any = false;
    for (Model.NamedLayer l : model.layers()) {
      any |= l.layer() instanceof StatefulLayer;
      if (!(l.layer() instanceof StatefulLayer) && !POSITIONWISE.contains(l.type())) {
        return "layer '" + l.name() + "' (" + l.type() + ") needs the whole sequence at once";
      }
    }
    if (!any) {
      return "it has no recurrent layer to carry a state from step to step";
    }
    try (Tensor.NoGrad g = Tensor.noGrad()) {
      model.forward(probe, Contexts.evaluation(null));
      for (Model.NamedLayer l : model.layers()) {
        if (l.layer() instanceof StatefulLayer s) {
          s.startFrom(s.finalStates());
          s.startFrom(null);
        }
      }
      return null;
    } catch (RecurException e) {
      return e.getMessage();
    }
  }
}
