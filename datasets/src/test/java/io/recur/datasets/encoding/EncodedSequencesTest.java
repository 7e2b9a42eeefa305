package io.recur.datasets.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class EncodedSequencesTest {
  @Test
  void equalLengthsNeedNoMask() {
    EncodedSequences e = EncodedSequences.encode(List.of(List.of("G", "A"), List.of("T", "C")),
        List.of("A", "C", "G", "T"));
    assertArrayEquals(new int[] {2, 2}, e.ids().shape());
    assertArrayEquals(new float[] {2, 0, 3, 1}, e.ids().data());
    assertNull(e.mask());
    assertEquals(2, e.fixedLength());
  }

  @Test
  void padsToTheLongestWithIdZeroAndMasksThePadding() {
    EncodedSequences e = EncodedSequences.encode(List.of(List.of("b"), List.of("a", "b", "a")), List.of("a", "b"));
    assertArrayEquals(new int[] {2, 3}, e.ids().shape());
    assertArrayEquals(new float[] {1, 0, 0, 0, 1, 0}, e.ids().data());
    assertArrayEquals(new float[] {1, 0, 0, 1, 1, 1}, e.mask().data());
    assertEquals(0, e.fixedLength());
  }

  @Test
  void mapsUnseenTokensToUnknown() {
    EncodedSequences e = EncodedSequences.encode(List.of(List.of("a", "x")), List.of("a", "<unk>"));
    assertArrayEquals(new float[] {0, 1}, e.ids().data());
  }

  @Test
  void refusesAnUnseenTokenWithoutUnknown() {
    assertThrows(IllegalArgumentException.class,
        () -> EncodedSequences.encode(List.of(List.of("x")), List.of("a")));
  }
}
