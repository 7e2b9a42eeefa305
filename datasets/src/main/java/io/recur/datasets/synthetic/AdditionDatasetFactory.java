package io.recur.datasets.synthetic;

import io.recur.datasets.encoding.Splits;
import io.recur.spi.DataContext;
import io.recur.spi.Dataset;
import io.recur.spi.DatasetFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Seed 004's addition task, type {@code addition}: the text {@code x+y} as input and the digits of
 * the sum as target, most significant digit first ({@code 123+4567} → {@code 4690}). As in the
 * seed's {@code generate_additions_x_plus_y}, x and y are uniform integers from 10^(min_digits−1)
 * to 10^max_digits − 1 (so most have max_digits digits). Pairs (x, y) are distinct, so no test sum
 * was seen in training.
 *
 * <p>Source vocabulary: {@code <end>} (id 0), {@code +}, {@code 0} … {@code 9}; target vocabulary:
 * {@code <end>} (id 0), {@code 0} … {@code 9}. Shapes (D = max_digits): inputs {@code [N, 2D + 2]}
 * (x, +, y, then {@code <end>} padding), targets {@code [N, D + 2]} (at most D + 1 digits, then
 * {@code <end>} padding), mask {@code [N, D + 2]} over the sum's digits and its first {@code <end>}.
 * See {@link SequencePairs} for how an encoder–decoder reads them. The data stream draws x, then y,
 * for every sample; a repeated pair is drawn again.
 *
 * <pre>
 * data:
 *   type: addition
 *   samples: 20000
 * </pre>
 */
public final class AdditionDatasetFactory implements DatasetFactory {
  public static final String NAME = "addition";

  static final ParamSpec<Integer> SAMPLES = ParamSpec.ofInt("samples").range(1, SequencePairs.MAX_SAMPLES).byDefault(20000)
      .doc("number of distinct sums generated");
  static final ParamSpec<Integer> MIN_DIGITS = ParamSpec.ofInt("min_digits").range(1, 9).byDefault(3)
      .doc("fewest digits of each operand");
  static final ParamSpec<Integer> MAX_DIGITS = ParamSpec.ofInt("max_digits").range(1, 9).byDefault(4)
      .doc("most digits of each operand");
  static final ParamSpec<List<Double>> SPLIT = Splits.ratios(List.of(8.0, 1.0, 1.0))
      .doc("relative sizes of train, val and test, cut after a seeded shuffle");

  static final List<String> SOURCE_VOCABULARY = List.of(SequencePairs.END, "+", "0", "1", "2", "3", "4", "5", "6",
      "7", "8", "9");
  static final List<String> TARGET_VOCABULARY = List.of(SequencePairs.END, "0", "1", "2", "3", "4", "5", "6", "7",
      "8", "9");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "x+y as characters with the digits of the sum as target (seed 004 seq2seq addition), padded and masked";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(SAMPLES, MIN_DIGITS, MAX_DIGITS, SPLIT);
  }

  @Override
  public Dataset create(Params params, DataContext context) {
    String who = "dataset '" + NAME + "'";
    int minDigits = params.get(MIN_DIGITS);
    int maxDigits = params.get(MAX_DIGITS);
    if (minDigits > maxDigits) {
      throw new RecurException(who + ": min_digits " + minDigits + " is above max_digits " + maxDigits
          + "; set min_digits <= max_digits");
    }
    long low = pow10(minDigits - 1);
    long high = pow10(maxDigits) - 1;
    long range = high - low + 1;
    int samples = params.get(SAMPLES);
    if ((double) range * range < samples) {
      throw new RecurException(who + ": " + samples + " distinct sums asked for, but operands of " + minDigits + " to "
          + maxDigits + " digits give only " + range * range + " pairs; lower samples or allow more digits");
    }
    RandomGenerator random = context.random();
    Set<List<Long>> seen = new HashSet<>();
    int[][] sources = new int[samples][];
    int[][] targets = new int[samples][];
    for (int i = 0; i < samples; ) {
      long x = low + uniform(random, range);
      long y = low + uniform(random, range);
      if (!seen.add(List.of(x, y))) {
        continue;
      }
      sources[i] = ids(x + "+" + y, SOURCE_VOCABULARY);
      targets[i] = ids(Long.toString(x + y), TARGET_VOCABULARY);
      i++;
    }
    int inLength = 2 * maxDigits + 2;
    int outLength = maxDigits + 2;
    return SequencePairs.dataset(sources, targets, inLength, outLength, true,
        SequencePairs.codec(SOURCE_VOCABULARY, inLength, true, false),
        SequencePairs.codec(TARGET_VOCABULARY, outLength, true, true), params.get(SPLIT), random, who);
  }

  /** A uniform draw from [0, n): nextInt when n fits an int, else nextLong reduced without modulo bias. */
  private static long uniform(RandomGenerator random, long n) {
    if (n <= Integer.MAX_VALUE) {
      return random.nextInt((int) n);
    }
    long limit = Long.MAX_VALUE - Long.MAX_VALUE % n;
    long r;
    do {
      r = random.nextLong() & Long.MAX_VALUE;
    } while (r >= limit);
    return r % n;
  }

  private static long pow10(int e) {
    long p = 1;
    for (int i = 0; i < e; i++) {
      p *= 10;
    }
    return p;
  }

  private static int[] ids(String text, List<String> vocabulary) {
    List<Integer> out = new ArrayList<>();
    for (char c : text.toCharArray()) {
      out.add(vocabulary.indexOf(String.valueOf(c)));
    }
    return out.stream().mapToInt(Integer::intValue).toArray();
  }
}
