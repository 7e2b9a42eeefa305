package io.recur.spi;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;

/**
 * "known: a, b, c. Did you mean 'b'?" for unknown names. Suggests only within edit distance 2,
 * where a typo is the likely cause; further away a guess misleads more than it helps.
 */
public final class Suggestions {
  /** The largest Levenshtein distance that still counts as a typo. */
  public static final int MAX_DISTANCE = 2;

  private Suggestions() {}

  /** The known name closest to {@code word} within {@link #MAX_DISTANCE}; ties go to the first in sorted order. */
  public static Optional<String> closest(String word, Collection<String> known) {
    String best = null;
    int bestDistance = MAX_DISTANCE + 1;
    // case is ignored so that 'LSTM' still finds 'lstm'
    String w = word.toLowerCase(Locale.ROOT);
    for (String candidate : new TreeSet<>(known)) {
      int d = distance(w, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
      }
    }
    return Optional.ofNullable(best);
  }

  /** The names sorted and comma separated, or "(none)". */
  public static String known(Collection<String> known) {
    return known.isEmpty() ? "(none)" : String.join(", ", new TreeSet<>(known));
  }

  /** {@code "; known: a, b, c. Did you mean 'b'?"}, the suggestion only when one is close enough. */
  public static String knownAndSuggestion(String word, Collection<String> known) {
    return "; known: " + known(known) + didYouMean(word, known);
  }

  /** {@code ". Did you mean 'b'?"} or "" when nothing is close. */
  public static String didYouMean(String word, Collection<String> known) {
    return closest(word, known).map(s -> ". Did you mean '" + s + "'?").orElse("");
  }

  /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[b.length()];
  }
}
