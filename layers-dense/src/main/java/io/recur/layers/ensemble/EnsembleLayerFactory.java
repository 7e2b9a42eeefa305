package io.recur.layers.ensemble;

import io.recur.spi.BuildContext;
import io.recur.spi.FittedLayer;
import io.recur.spi.Kind;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.StatefulLayer;
import io.recur.spi.TypedValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * {@code ensemble}: several copies of one stack of layers, each with weights of its own, trained
 * side by side on the same batches and predicting together by averaging their probabilities. A
 * deep ensemble in one model directory: saved, evaluated, predicted, served and sampled as one
 * model.
 *
 * <pre>
 *   p(c | x) = 1/K · Σ_k softmax(member_k(x))_c            (evaluation and prediction)
 *   loss     = 1/K · Σ_k nll(log_softmax(member_k(x)), y)   (training, with loss: nll)
 * </pre>
 *
 * <p>While training the layer outputs the members' mean log-probability, so an {@code nll} loss
 * is exactly the mean of the members' own losses: each member learns as if it were trained
 * alone, and the members differ by their initial weights and dropout masks, drawn one after the
 * other from the run's streams. Outside training it outputs the log of the mean probability, the
 * ensemble's prediction, so validation metrics, early stopping and {@code model/} judge the
 * ensemble. (With {@code loss: cross-entropy} the training output is normalised again, which
 * adds a small pull towards agreement; {@code nll} keeps the members independent.)
 *
 * <p>Counted models join the average too: with {@code counted} (an {@code ngram}, say), the
 * prediction mixes the trained members' mean probability with the counted models' mean, {@code p =
 * (1 − w)·mean_k p_member_k + w·mean_c p_counted_c} with {@code w = counted_weight}. The counts
 * are fitted from the training split once, before the first gradient step, and saved beside the
 * weights; training still sees the trained members only (a model counted from the training text
 * knows that text by heart, and would teach the members to lean on it). This is the classic mix of
 * a neural language model with a Kneser–Ney n-gram: the network generalises, the n-gram recalls
 * passages it has seen word for word.
 *
 * <p>Parameters:
 *
 * <ul>
 *   <li>{@code members} (default 5): how many copies, at least 2 (or 1 beside counted models)
 *   <li>{@code layers} (required): one member's layers, input first; the last gives the class
 *       scores as logits or log-probabilities (not {@code softmax} or {@code sigmoid}
 *       probabilities), its size may be left to the data as for any output layer
 *   <li>{@code counted} (default none): layers fitted by counting, each reading the ensemble's
 *       input and giving log-probabilities of the members' shape ({@code {type: ngram, order: 8,
 *       smoothing: kneser-ney}})
 *   <li>{@code counted_weight} (default 0.5): the share of the probability the counted models get
 * </ul>
 *
 * <p>Shapes: a member's, {@code [N, …in] → [N, …, C]}; the output is log-probabilities over the
 * last axis C. Weights: {@code member1.<layer>.<param>}, …, {@code memberK.…}, with each member's
 * layers named as a model names them ({@code gru_1}, or their {@code name:}). Members that carry a
 * recurrent state (an LSTM over a character stream) carry it as a model does: {@code
 * training.carry_state}, stream evaluation and {@code recur generate} work through the ensemble.
 *
 * <pre>{@code
 * - type: ensemble
 *   members: 5
 *   layers:
 *     - {type: embedding, size: 32}
 *     - {type: gru, units: 128, bidirectional: true, output: last}
 *     - {type: dense, activation: log-softmax}
 *
 * - type: ensemble              # a character model mixed with a Kneser–Ney 8-gram
 *   members: 1
 *   layers: [{type: embedding, size: 64}, {type: lstm, units: 512}, {type: dense}]
 *   counted: [{type: ngram, order: 8, smoothing: kneser-ney}]
 * }</pre>
 */
public final class EnsembleLayerFactory implements LayerFactory {
  static final String NAME = "ensemble";
  /** Activations whose output is not a log-score a softmax can read. */
  private static final Set<String> PROBABILITY_ACTIVATIONS = Set.of("softmax", "sigmoid");

  static final ParamSpec<Integer> MEMBERS = ParamSpec.ofInt("members").min(1).max(64).byDefault(5)
      .doc("how many copies of the layers, each with its own weights (at least 2, or 1 beside counted models)");
  static final ParamSpec<List<TypedValue>> LAYERS = ParamSpec.ofTypedList("layers", Kind.LAYER)
      .doc("one member's layers, input first; the last gives class logits or log-probabilities");
  static final ParamSpec<List<TypedValue>> COUNTED = ParamSpec.ofTypedList("counted", Kind.LAYER).byDefault(List.of())
      .doc("layers fitted by counting (ngram) whose probabilities join the members', each reading the ensemble's input");
  static final ParamSpec<Double> COUNTED_WEIGHT = ParamSpec.ofDouble("counted_weight").above(0).below(1).byDefault(0.5)
      .doc("the share of the predicted probability that the counted layers get, the members the rest");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "K copies of a stack of layers averaging their probabilities: [N, …] → [N, …, C] log-probabilities";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(MEMBERS, LAYERS, COUNTED, COUNTED_WEIGHT);
  }

  @Override
  public Layer create(Params params, BuildContext context) {
    List<TypedValue> specs = params.get(LAYERS);
    if (specs.isEmpty()) {
      throw error(context, "'layers' is empty; give one member's layers, input first");
    }
    requireScores(specs.get(specs.size() - 1), context);
    int count = params.get(MEMBERS);
    List<TypedValue> countedSpecs = params.get(COUNTED);
    if (count < 2 && countedSpecs.isEmpty()) {
      throw error(context, "members: " + count + " averages nothing; give at least 2 members, or counted layers"
          + " to mix one member with");
    }
    List<EnsembleMember> members = new ArrayList<>(count);
    for (int k = 1; k <= count; k++) {
      members.add(member(k, specs, context));
    }
    int[] out = members.get(0).outputShape();
    if (out.length == 0 || members.get(0).outputVocabulary() > 0) {
      throw error(context, "a member's last layer must give class scores [..., classes], got "
          + (out.length == 0 ? "a scalar per sample" : "token ids " + Arrays.toString(out)));
    }
    List<EnsembleMember> counted = new ArrayList<>(countedSpecs.size());
    for (int c = 1; c <= countedSpecs.size(); c++) {
      counted.add(counted(c, countedSpecs.get(c - 1), out, context));
    }
    if (!counted.isEmpty()) {
      return new CountedEnsembleLayer(members, counted, params.get(COUNTED_WEIGHT));
    }
    boolean stateful = members.get(0).layers().stream().anyMatch(l -> l.layer() instanceof StatefulLayer);
    return stateful ? new StatefulEnsembleLayer(members) : new EnsembleLayer(members);
  }

  /** Counted layer c, reading the ensemble's input and giving log-probabilities of the members' shape. */
  private static EnsembleMember counted(int c, TypedValue spec, int[] membersOut, BuildContext context) {
    String prefix = EnsembleMember.countedPrefix(c);
    String local = EnsembleMember.localName(spec, c - 1);
    Layer layer = context.layer(spec, context.name() + "." + prefix + "." + local, context.inputShape(),
        context.inputVocabulary());
    if (!(layer instanceof FittedLayer)) {
      throw error(context, "counted layer '" + local + "' (" + spec.type() + ") is trained, not counted; 'counted'"
          + " holds layers fitted by counting, such as ngram, and trained layers go in 'layers'");
    }
    if (!Arrays.equals(layer.outputShape(), membersOut)) {
      throw error(context, "counted layer '" + local + "' gives " + Arrays.toString(layer.outputShape())
          + " per sample, the members " + Arrays.toString(membersOut) + "; both must score the same classes");
    }
    return new EnsembleMember(prefix, List.of(new EnsembleMember.NamedLayer(local, layer)));
  }

  private static EnsembleMember member(int k, List<TypedValue> specs, BuildContext context) {
    String prefix = EnsembleMember.prefix(k);
    List<EnsembleMember.NamedLayer> layers = new ArrayList<>();
    int[] shape = context.inputShape();
    int vocabulary = context.inputVocabulary();
    for (int i = 0; i < specs.size(); i++) {
      TypedValue spec = specs.get(i);
      String local = EnsembleMember.localName(spec, i);
      Layer layer = context.layer(spec, context.name() + "." + prefix + "." + local, shape, vocabulary);
      if (layer instanceof FittedLayer) {
        throw error(context, "layer '" + local + "' (" + spec.type() + ") is counted from the data, not trained;"
            + " the members hold trained layers, and counted ones go in 'counted'");
      }
      layers.add(new EnsembleMember.NamedLayer(local, layer));
      shape = layer.outputShape();
      vocabulary = layer.outputVocabulary();
    }
    return new EnsembleMember(prefix, layers);
  }

  /** The members' probabilities are averaged from their log-scores, which a softmax output is not. */
  private static void requireScores(TypedValue last, BuildContext context) {
    Object activation = switch (last.type()) {
      case "dense" -> last.params().asMap().get("activation");
      case "activation" -> last.params().asMap().get("function");
      default -> null;
    };
    if (activation != null && PROBABILITY_ACTIVATIONS.contains(activation.toString())) {
      throw error(context, "the members' last layer ends in " + activation + "; give logits (no activation)"
          + " or log-probabilities (activation: log-softmax), which the ensemble turns into probabilities itself");
    }
  }

  static RecurException error(BuildContext context, String message) {
    return new RecurException("layer '" + context.name() + "' (" + NAME + "): " + message);
  }
}
