package io.recur.datasets.encoding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class VocabulariesTest {
  @Test
  void sortsDistinctTokensSoAcgtGetIdsZeroToThree() {
    assertEquals(List.of("A", "C", "G", "T"), Vocabularies.sorted(List.of("G", "A", "C", "T", "T", "G")));
  }

  @Test
  void buildsFromTrainingOnlyAndAppendsUnknownWhenOtherSplitsNeedIt() {
    List<List<String>> seqs = List.of(List.of("b", "a"), List.of("c"), List.of("a", "z"));
    assertEquals(List.of("a", "b", "c", "<unk>"), Vocabularies.fromTraining(seqs, new int[] {0, 1}));
  }

  @Test
  void addsNoUnknownWhenTrainingCoversEveryToken() {
    List<List<String>> seqs = List.of(List.of("b", "a"), List.of("a"), List.of("b"));
    assertEquals(List.of("a", "b"), Vocabularies.fromTraining(seqs, new int[] {0}));
  }

  @Test
  void doesNotRepeatAnUnknownTokenTrainingAlreadyHolds() {
    List<List<String>> seqs = List.of(List.of("<unk>", "a"), List.of("q"));
    assertEquals(List.of("<unk>", "a"), Vocabularies.fromTraining(seqs, new int[] {0}));
  }
}
