package io.recur.datasets.encoding;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Token vocabularies, where a token's position is its id. Built from the training split only, so
 * validation and test measure what a model does with text it has not seen; their tokens that
 * training never saw map to {@link #UNKNOWN}.
 */
public final class Vocabularies {
  /** The token that stands for every token outside the training vocabulary; always last. */
  public static final String UNKNOWN = "<unk>";

  private Vocabularies() {}

  /**
   * The distinct tokens, sorted (so {@code G, A, C, T} gives {@code A, C, G, T}: ids 0 to 3, as
   * EpyNN's {@code element_to_idx}).
   */
  public static List<String> sorted(Collection<String> tokens) {
    return List.copyOf(new TreeSet<>(requireNonNull(tokens, "tokens is null")));
  }

  /**
   * The sorted tokens of the sequences listed in {@code train}, followed by {@link #UNKNOWN} only
   * when some other sequence holds a token outside them.
   */
  public static List<String> fromTraining(List<List<String>> sequences, int[] train) {
    requireNonNull(sequences, "sequences is null");
    requireNonNull(train, "train is null");
    Set<String> seen = new TreeSet<>();
    for (int i : train) {
      seen.addAll(sequences.get(i));
    }
    List<String> vocabulary = new ArrayList<>(seen);
    if (!seen.contains(UNKNOWN) && holdsUnseen(sequences, seen)) {
      vocabulary.add(UNKNOWN);
    }
    return List.copyOf(vocabulary);
  }

  private static boolean holdsUnseen(List<List<String>> sequences, Set<String> seen) {
    for (List<String> s : sequences) {
      if (!seen.containsAll(s)) {
        return true;
      }
    }
    return false;
  }
}
