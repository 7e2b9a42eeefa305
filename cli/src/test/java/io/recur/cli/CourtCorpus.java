package io.recur.cli;

import org.apache.commons.math3.random.RandomGenerator;

/** A small corpus for language-model tests: random words of a court, a sentence ending now and then. */
final class CourtCorpus {
  static final String[] WORDS = {"the", "king", "shall", "speak", "to", "his", "lords", "and", "ladies", "of", "court"};

  private CourtCorpus() {}

  /** Appends random words (one sentence in nine ends with a full stop and a line break) until {@code length}. */
  static StringBuilder append(StringBuilder text, RandomGenerator random, int length) {
    while (text.length() < length) {
      text.append(word(random)).append(random.nextInt(9) == 0 ? ".\n" : " ");
    }
    return text;
  }

  static String word(RandomGenerator random) {
    return WORDS[random.nextInt(WORDS.length)];
  }
}
