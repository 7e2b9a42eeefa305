package io.recur.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> LAYERS = List.of("rnn", "lstm", "gru", "embedding", "dense");

  @Test
  void levenshteinCountsInsertionsDeletionsAndSubstitutions() {
    assertEquals(0, Suggestions.distance("lstm", "lstm"));
    assertEquals(1, Suggestions.distance("lstmm", "lstm"));
    assertEquals(1, Suggestions.distance("lsm", "lstm"));
    assertEquals(1, Suggestions.distance("lstn", "lstm"));
    assertEquals(2, Suggestions.distance("lsmt", "lstm"));
    assertEquals(3, Suggestions.distance("kitten", "sitting"));
    assertEquals(4, Suggestions.distance("", "lstm"));
  }

  @Test
  void suggestsOnlyWithinEditDistanceTwo() {
    assertEquals(Optional.of("lstm"), Suggestions.closest("lsmt", LAYERS));
    assertEquals(Optional.empty(), Suggestions.closest("transformer", LAYERS));
    assertEquals(Optional.empty(), Suggestions.closest("attention", LAYERS));
  }

  @Test
  void ignoresCaseWhenSuggesting() {
    assertEquals(Optional.of("lstm"), Suggestions.closest("LSTM", LAYERS));
  }

  @Test
  void tiesGoToTheFirstNameInSortedOrder() {
    assertEquals(Optional.of("gru"), Suggestions.closest("xru", List.of("rnn", "gru", "rru")));
  }

  @Test
  void listsKnownNamesSortedWithTheSuggestion() {
    assertEquals("; known: dense, embedding, gru, lstm, rnn. Did you mean 'lstm'?",
        Suggestions.knownAndSuggestion("lstmm", LAYERS));
    assertEquals("; known: dense, embedding, gru, lstm, rnn", Suggestions.knownAndSuggestion("attention", LAYERS));
    assertEquals("; known: (none)", Suggestions.knownAndSuggestion("x", List.of()));
  }
}
