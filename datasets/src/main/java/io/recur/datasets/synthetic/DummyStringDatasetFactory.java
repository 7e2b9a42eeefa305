package io.recur.datasets.synthetic;

import io.recur.datasets.encoding.EncodedDataset;
import io.recur.datasets.encoding.MajorityBaseline;
import io.recur.datasets.encoding.Splits;
import io.recur.datasets.encoding.Vocabularies;
import io.recur.datasets.named.DataSources;
import io.recur.spi.DataContext;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.DatasetFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.spi.TextCodec;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * EpyNN's dummy strings ({@code epynnlive/dummy_string/prepare_dataset.py}): {@code samples}
 * sequences of {@code length} tokens drawn uniformly from {@code alphabet}, labelled by whether
 * the first and the last token agree.
 *
 * <p>Labels follow EpyNN's output rather than its docstring: 0 when the first token equals the
 * last, 1 otherwise (the seed notebook prints label 1 for {@code GACTTGGCCATC}). Inputs are
 * {@code [N, length]} token ids over the sorted alphabet ({@code A, C, G, T} → 0..3); targets
 * are {@code [N]} class indices of {@code ["0", "1"]}.
 *
 * <pre>
 * data:
 *   type: dummy-string
 *   samples: 480
 *   length: 12
 * </pre>
 */
public final class DummyStringDatasetFactory implements DatasetFactory {
  public static final String NAME = "dummy-string";

  static final ParamSpec<Integer> SAMPLES = ParamSpec.ofInt("samples").range(1, SequencePairs.MAX_SAMPLES).byDefault(480)
      .doc("number of sequences generated");
  static final ParamSpec<Integer> LENGTH = ParamSpec.ofInt("length").min(1).byDefault(12)
      .doc("tokens per sequence");
  static final ParamSpec<String> ALPHABET = ParamSpec.ofString("alphabet").byDefault("ACGT")
      .doc("the tokens, one per character, each drawn with equal probability");
  static final ParamSpec<List<Double>> SPLIT = Splits.RATIOS;

  private static final List<String> CLASSES = List.of("0", "1");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "random strings over an alphabet; class 0 when the first and last token are equal, else 1 (EpyNN dummy_string)";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(SAMPLES, LENGTH, ALPHABET, SPLIT);
  }

  @Override
  public Dataset create(Params params, DataContext context) {
    int samples = params.get(SAMPLES);
    int length = params.get(LENGTH);
    List<String> alphabet = alphabet(params.get(ALPHABET));
    List<String> vocabulary = Vocabularies.sorted(alphabet);
    int[] idOf = new int[alphabet.size()];
    for (int a = 0; a < idOf.length; a++) {
      idOf[a] = vocabulary.indexOf(alphabet.get(a));
    }

    // draws follow the order of the alphabet as written, so "ACGT" and "TGCA" give different data
    RandomGenerator random = context.random();
    float[] ids = new float[DataSources.paddedCells(samples, length, 1, "dataset '" + NAME + "'",
        "strings of " + length + " characters", "lower samples or length")];
    float[] labels = new float[samples];
    for (int i = 0; i < samples; i++) {
      for (int t = 0; t < length; t++) {
        ids[i * length + t] = idOf[random.nextInt(idOf.length)];
      }
      labels[i] = ids[i * length] == ids[i * length + length - 1] ? 0f : 1f;
    }
    Splits splits = Splits.shuffled(params.get(SPLIT), samples, random, "dataset '" + NAME + "'");
    DataSchema schema = new DataSchema(new int[] {length}, vocabulary.size(), CLASSES,
        new TextCodec(TextCodec.CHAR, vocabulary, length));
    Map<String, Split> parts = splits.apply(Tensor.of(ids, samples, length), Tensor.of(labels, samples), null);
    return new EncodedDataset(schema, parts, MajorityBaseline.of(parts, CLASSES.size()));
  }

  /** Each character (code point) of {@code text} is one token; repeats would skew the draw, so they are refused. */
  private static List<String> alphabet(String text) {
    List<String> out = new ArrayList<>();
    text.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
    if (out.isEmpty()) {
      throw new RecurException("dataset '" + NAME + "': alphabet must hold at least one character");
    }
    for (int i = 0; i < out.size(); i++) {
      if (out.indexOf(out.get(i)) != i) {
        throw new RecurException("dataset '" + NAME + "': alphabet '" + text + "' lists '" + out.get(i)
            + "' twice; each character must appear once");
      }
    }
    return out;
  }
}
