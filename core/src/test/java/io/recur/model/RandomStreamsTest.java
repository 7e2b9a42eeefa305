package io.recur.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.RecurException;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {
  @Test
  void streamsDrawWhatAPlainWell19937cWithTheSameSeedDraws() {
    RandomGenerator a = new RandomStreams(7).get(RandomStreams.SHUFFLE);
    RandomGenerator b = RandomStreams.fresh(7, RandomStreams.SHUFFLE);
    assertTrue(b instanceof Well19937c);
    for (int i = 0; i < 100; i++) {
      assertEquals(b.nextInt(), a.nextInt());
      assertEquals(b.nextGaussian(), a.nextGaussian());
    }
  }

  @Test
  void aRestoredStreamContinuesExactlyWhereTheSavedOneWas() {
    RandomStreams original = new RandomStreams(3);
    RandomGenerator g = original.get(RandomStreams.DROPOUT);
    for (int i = 0; i < 1000; i++) {
      g.nextInt(17);
    }
    // one Gaussian leaves the second of its Box–Muller pair cached: that must be saved too
    g.nextGaussian();
    Map<String, String> state = original.state();

    RandomStreams restored = new RandomStreams(3);
    restored.restore(state);
    RandomGenerator h = restored.get(RandomStreams.DROPOUT);
    assertEquals(g.nextGaussian(), h.nextGaussian());
    for (int i = 0; i < 1000; i++) {
      assertEquals(g.nextInt(), h.nextInt());
      assertEquals(g.nextDouble(), h.nextDouble());
    }
  }

  @Test
  void stateListsEveryStreamCreatedSoFar() {
    RandomStreams s = new RandomStreams(1);
    s.get(RandomStreams.INIT);
    s.get(RandomStreams.SHUFFLE);
    assertEquals(java.util.Set.of("init", "shuffle"), s.state().keySet());
  }

  @Test
  void aDamagedStateNamesTheStream() {
    RandomStreams s = new RandomStreams(1);
    RecurException e = assertThrows(RecurException.class, () -> s.restore(Map.of("shuffle", "AAAA")));
    assertTrue(e.getMessage().startsWith("random stream 'shuffle': saved state has 3 bytes"), e.getMessage());
    e = assertThrows(RecurException.class, () -> s.restore(Map.of("init", "not base64!")));
    assertTrue(e.getMessage().contains("not base64"), e.getMessage());
  }
}
