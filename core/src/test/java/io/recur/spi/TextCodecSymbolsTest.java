package io.recur.spi;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TextCodecSymbolsTest {
  private static final List<String> DINOS = List.of("\n", "a", "b", "c");

  @Test
  void namesTheStartAndEndIdsASamplerNeeds() {
    TextCodec codec = new TextCodec(TextCodec.CHAR, DINOS, 0, new TextCodec.Symbols("\n", "\n", null));
    assertEquals(0, codec.startId());
    assertEquals(0, codec.endId());
    assertEquals(-1, codec.padId());
    TextCodec plain = new TextCodec(TextCodec.CHAR, DINOS, 0);
    assertEquals(TextCodec.Symbols.NONE, plain.symbols());
    assertEquals(-1, plain.endId());
  }

  @Test
  void decodesIdsAndEncodesAPrime() {
    TextCodec codec = new TextCodec(TextCodec.CHAR, DINOS, 0);
    assertEquals("cab\n", codec.decode(new int[] {3, 1, 2, 0}));
    assertArrayEquals(new int[] {3, 1, 2, 0}, codec.ids("cab\n", "--prime"));
    TextCodec words = new TextCodec(TextCodec.WHITESPACE, List.of("to", "be"), 0);
    assertEquals("to be to", words.decode(new int[] {0, 1, 0}));
    assertEquals("b", codec.token(2));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.token(4));
    assertEquals("token id 4 is outside the vocabulary [0, 4)", e.getMessage());
  }

  @Test
  void anUnknownTokenIsUnkOrAnErrorNamingTheSource() {
    TextCodec withUnk = new TextCodec(TextCodec.CHAR, List.of("\n", "a", TextCodec.UNKNOWN), 0);
    assertArrayEquals(new int[] {1, 2, 1}, withUnk.ids("axa", "--prime"));
    TextCodec codec = new TextCodec(TextCodec.CHAR, DINOS, 0);
    RecurException e = assertThrows(RecurException.class, () -> codec.ids("abz", "--prime"));
    assertEquals("--prime: token 'z' is not in the model's vocabulary [\\n, a, b, c]", e.getMessage());
  }

  @Test
  void roundTripsThroughTheModelFileAndWritesSymbolsOnlyWhenPresent() {
    TextCodec codec = new TextCodec(TextCodec.CHAR, List.of("<end>", "a"), 0, new TextCodec.Symbols("<end>", "<end>", "<end>"));
    Map<String, Object> m = codec.toMap();
    assertEquals("<end>", m.get("pad"));
    TextCodec back = TextCodec.fromMap(m);
    assertEquals(codec.symbols(), back.symbols());
    assertEquals(codec.vocabulary(), back.vocabulary());
    Map<String, Object> plain = new TextCodec(TextCodec.CHAR, DINOS, 3).toMap();
    assertFalse(plain.containsKey("start") || plain.containsKey("end") || plain.containsKey("pad"));
    assertNull(TextCodec.fromMap(plain).symbols().end());
  }

  @Test
  void refusesASymbolOutsideTheVocabulary() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new TextCodec(TextCodec.CHAR, List.of("a"), 0, new TextCodec.Symbols(null, "\n", null)));
    assertEquals("special symbol '\n' is not in the vocabulary [a]", e.getMessage());
  }

  @Test
  void normalizationInvertsAndRoundTrips() {
    Normalization n = new Normalization(280.0, 120.0);
    assertEquals(1.0, n.apply(400.0), 1e-12);
    assertEquals(400.0, n.invert(1.0), 1e-12);
    assertEquals(n, Normalization.fromMap(n.toMap()));
    assertThrows(IllegalArgumentException.class, () -> new Normalization(0, 0));
    DataSchema old = new DataSchema(new int[] {3}, 4, List.of(), null);
    assertNull(old.targetCodec());
    assertNull(old.normalization());
  }
}
