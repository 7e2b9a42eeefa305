package io.recur.layers.ngram;

import io.recur.spi.BuildContext;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import java.util.List;

/**
 * {@code ngram}: the character Markov model of seed 004 (Yoav Goldberg's answer to "the
 * unreasonable effectiveness of recurrent networks") as a model type, trained, evaluated and
 * sampled by the same commands as a network. An order-n model predicts the next token from the
 * last n tokens (an (n + 1)-gram; the seed's {@code markov_order}). With {@code smoothing: add-k}
 * (the default, the seed's) it adds k to every count and backs off to shorter contexts for
 * contexts training never saw:
 *
 * <pre>
 *   ctx = the longest suffix of the last n tokens with c(ctx) > 0   (the empty context always qualifies)
 *   p(x | ctx) = (c(ctx, x) + k) / (c(ctx) + k·V)
 * </pre>
 *
 * where {@code c(ctx, x)} counts how often x followed ctx in the training split and {@code c(ctx)}
 * how often ctx was followed by anything. Near the start of a sample (a corpus window, a line)
 * fewer than n tokens precede a position, and the context is what there is, in training as in
 * evaluation.
 *
 * <p>With {@code smoothing: kneser-ney} it interpolates every order with interpolated modified
 * Kneser–Ney smoothing ({@link KneserNey}): three discounts per order estimated from the counts,
 * continuation counts for the lower orders. The counts saved are the same either way.
 *
 * <p>Parameters:
 *
 * <ul>
 *   <li>{@code order}: tokens of context n, 0 for a unigram model. Default: 3
 *   <li>{@code k}: the count added to every (context, token) pair, &gt; 0 (add-k only). Default: 0.1
 *   <li>{@code smoothing}: {@code add-k} or {@code kneser-ney}. Default: add-k
 *   <li>{@code lower_order_to_fit}: the contexts are kept as 64-bit keys, so a large vocabulary
 *       limits the order ({@code (V + 1)^n · V < 2^63}: order 7 fits about 230 symbols, order 4
 *       about 3,000). By default a higher order is refused; with {@code true} the highest order
 *       that fits is counted instead (a config meant for texts of any alphabet). Default: false
 * </ul>
 *
 * <p>Shapes, with N the batch, T the time steps and V the vocabulary: token ids {@code [N, T] →
 * [N, T, V]} log-probabilities of the next token at every position, for the {@code nll} loss and
 * the {@code bits-per-character} metric. It reads the dataset's token ids, so it is the model's
 * only layer, or one of an {@code ensemble}'s {@code counted} layers, mixed with a network. It is
 * fitted, not trained: alone, the engine counts the training split once per epoch instead of
 * taking gradient steps, so one epoch is enough and the optimizer is unused; in an ensemble it is
 * counted once before the network's first step.
 *
 * <table>
 *   <caption>Fitted state (saved in weights.safetensors)</caption>
 *   <tr><th>name</th><th>shape</th></tr>
 *   <tr><td>{@code ngrams}</td><td>{@code [M, n + 1]}: per counted (context, next) pair, the
 *       context's ids oldest first, left-padded with −1, then the next id</td></tr>
 *   <tr><td>{@code counts}</td><td>{@code [M]}: how often each pair occurred</td></tr>
 * </table>
 *
 * <pre>{@code
 * - type: ngram
 *   order: 5
 *   k: 0.05
 * }</pre>
 */
public final class NgramLayerFactory implements LayerFactory {
  static final String NAME = "ngram";

  static final ParamSpec<Integer> ORDER = ParamSpec.ofInt("order").min(0).byDefault(3)
      .doc("tokens of context n (the model is an (n+1)-gram); 0 for unigram frequencies");
  static final ParamSpec<Double> K = ParamSpec.ofDouble("k").above(0).byDefault(0.1)
      .doc("add-k smoothing: the count added to every (context, next token) pair");
  static final ParamSpec<Boolean> LOWER_ORDER_TO_FIT = ParamSpec.ofBoolean("lower_order_to_fit").byDefault(false)
      .doc("true: when contexts of 'order' tokens do not fit 64-bit keys for the vocabulary (order 7 fits about"
          + " 230 symbols, 4 about 3,000), count the highest order that does instead of refusing");
  static final String ADD_K = "add-k";
  static final String KNESER_NEY = "kneser-ney";
  static final ParamSpec<String> SMOOTHING = ParamSpec.ofChoice("smoothing", ADD_K, KNESER_NEY).byDefault(ADD_K)
      .doc("add-k: back off to the longest seen context, add k to every count; kneser-ney: interpolated modified"
          + " Kneser-Ney with three discounts per order estimated from the counts (k unused)");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "character Markov model: next-token log-probabilities from counted contexts, add-k smoothing with"
        + " back-off or interpolated Kneser-Ney; fitted by counting, not trained";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(ORDER, K, SMOOTHING, LOWER_ORDER_TO_FIT);
  }

  @Override
  public Layer create(Params params, BuildContext context) {
    int vocabulary = context.inputVocabulary();
    int[] shape = context.inputShape();
    if (vocabulary <= 0 || shape.length != 1) {
      throw error(context, "expects token ids [T] straight from a text dataset (it must be the first and only layer),"
          + " got " + (vocabulary <= 0 ? "real-valued input " : "input ") + Shape.toString(shape));
    }
    int order = params.get(ORDER);
    if (!NgramTable.fits(order, vocabulary)) {
      int highest = highestFitting(order, vocabulary);
      if (!Boolean.TRUE.equals(params.get(LOWER_ORDER_TO_FIT))) {
        throw error(context, "order " + order + " is too high for a vocabulary of " + vocabulary
            + " tokens: its contexts do not fit 64-bit keys; lower the order (" + highest + " fits),"
            + " or set lower_order_to_fit: true");
      }
      order = highest;
    }
    return new NgramLayer(context.name(), shape[0], vocabulary, order, params.get(K),
        KNESER_NEY.equals(params.get(SMOOTHING)));
  }

  /** The highest order up to {@code order} whose contexts fit 64-bit keys (0, a unigram, always does). */
  static int highestFitting(int order, int vocabulary) {
    int highest = order;
    while (highest > 0 && !NgramTable.fits(highest, vocabulary)) {
      highest--;
    }
    return highest;
  }

  private static RecurException error(BuildContext context, String message) {
    return new RecurException("layer '" + context.name() + "' (" + NAME + "): " + message);
  }
}
