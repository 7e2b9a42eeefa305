package io.recur.generate;

import io.recur.model.Contexts;
import io.recur.model.Model;
import io.recur.model.StepwiseModels;
import io.recur.spi.StatefulLayer;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Runs a language model one sequence at a time, token by token: {@link #feed} takes the next
 * tokens and returns the model's raw output for the token after the last one. Two ways, chosen
 * by {@link #of}: carrying every layer's state from one call to the next (each call computes only
 * the new tokens), or running the whole sequence so far again (any causal model, slower).
 */
abstract class Stepper {
  final Model model;

  Stepper(Model model) {
    this.model = model;
  }

  /** Forgets the sequence: the next {@link #feed} starts a new one. */
  abstract void reset();

  /** Appends {@code tokens} (at least one) and returns the output row that predicts the token after them. */
  abstract float[] feed(int[] tokens);

  /** The stateful stepper when every layer allows it, else the one that runs the whole sequence. */
  static Stepper of(Model model) {
    return Carrying.applies(model) ? new Carrying(model) : new Rerunning(model);
  }

  /** The last position's row of an output {@code [1, T, V]} (or {@code [1, V]} for a last-step model). */
  static float[] lastRow(Tensor out) {
    int v = out.dim(-1);
    float[] d = out.data();
    return Arrays.copyOfRange(d, d.length - v, d.length);
  }

  static Tensor ids(int[] tokens) {
    float[] x = new float[tokens.length];
    for (int i = 0; i < x.length; i++) {
      x[i] = tokens[i];
    }
    return Tensor.of(x, 1, x.length);
  }

  /** Carries the states of the model's stateful layers from one call to the next. */
  static final class Carrying extends Stepper {
    private final List<StatefulLayer> stateful = new ArrayList<>();
    private final List<Map<String, Tensor>> states = new ArrayList<>();

    Carrying(Model model) {
      super(model);
      for (Model.NamedLayer l : model.layers()) {
        if (l.layer() instanceof StatefulLayer s) {
          stateful.add(s);
          states.add(null);
        }
      }
    }

    /**
     * True when every layer is stateful or position-wise, and every stateful layer can start
     * from the states a one-token forward leaves (a bidirectional recurrent layer cannot).
     */
    static boolean applies(Model model) {
      return StepwiseModels.whyNotStepwise(model, ids(new int[] {0})) == null;
    }

    @Override
    void reset() {
      for (int i = 0; i < states.size(); i++) {
        states.set(i, null);
      }
    }

    @Override
    float[] feed(int[] tokens) {
      for (int i = 0; i < stateful.size(); i++) {
        stateful.get(i).startFrom(states.get(i));
      }
      Tensor out;
      try (Tensor.NoGrad g = Tensor.noGrad()) {
        out = model.forward(ids(tokens), Contexts.evaluation(null));
      }
      for (int i = 0; i < stateful.size(); i++) {
        states.set(i, stateful.get(i).finalStates());
      }
      return lastRow(out);
    }
  }

  /** Runs the whole sequence so far at every call. */
  static final class Rerunning extends Stepper {
    private int[] sequence = new int[0];

    Rerunning(Model model) {
      super(model);
    }

    @Override
    void reset() {
      sequence = new int[0];
      for (Model.NamedLayer l : model.layers()) {
        if (l.layer() instanceof StatefulLayer s) {
          s.startFrom(null);
        }
      }
    }

    @Override
    float[] feed(int[] tokens) {
      int n = sequence.length;
      sequence = Arrays.copyOf(sequence, n + tokens.length);
      System.arraycopy(tokens, 0, sequence, n, tokens.length);
      try (Tensor.NoGrad g = Tensor.noGrad()) {
        return lastRow(model.forward(ids(sequence), Contexts.evaluation(null)));
      }
    }
  }
}
