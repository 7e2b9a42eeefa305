package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.api.Prediction;
import io.recur.api.RecurModel;
import io.recur.api.RecurrentState;
import io.recur.api.StreamingSession;
import io.recur.io.Json;
import io.recur.spi.RecurException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link StreamingSession} on a lines language model (configs/dinos/lstm.yaml on generated words):
 * feeding a line a character at a time gives the next-character probabilities predict gives for
 * the whole line; a saved state brings the session back; a bidirectional model cannot stream.
 */
class StreamingSessionTest {
  private static final String LINE = "tagorimek";

  @TempDir static Path shared;
  static Path model;

  @BeforeAll
  static void train() throws IOException {
    Path words = shared.resolve("words.txt");
    Files.write(words, PredictFixtures.words(300, "abcdefghijklmnopqrstuvwxyz", 7), StandardCharsets.UTF_8);
    Path config = PredictFixtures.shippedWith("dinos/lstm.yaml", shared, "source: dinos",
        "path: " + words.toAbsolutePath());
    model = PredictFixtures.train(config, shared.resolve("run"), "training.epochs=1", "model.layers[1].units=16");
  }

  private static float[] fedCharByChar(RecurModel m, StreamingSession s, String line) {
    float[] p = s.feed("");
    for (int i = 0; i < line.length(); i++) {
      p = s.feedToken(m.signature().vocabulary().indexOf(line.substring(i, i + 1)));
    }
    return p;
  }

  private static void assertClose(float[] expected, float[] actual, String what) {
    assertEquals(expected.length, actual.length, what);
    for (int j = 0; j < expected.length; j++) {
      assertEquals(expected[j], actual[j], 1e-5, what + ", token " + j);
    }
  }

  @Test
  void feedingALineCharByCharGivesTheNextCharacterProbabilitiesOfPredict() throws IOException {
    RecurModel m = RecurModel.load(model);
    float[] streamed = fedCharByChar(m, m.newSession(), LINE);
    Prediction.Likelihood whole = (Prediction.Likelihood) m.predict(LINE);
    assertClose(whole.next(), streamed, "P(next | " + LINE + ")");
    // the same as the command line's jsonl next list
    Path in = shared.resolve("line.txt");
    Files.writeString(in, LINE + "\n");
    CliRunner.Result r = CliRunner.run("predict", "--model", model.toString(), "--input", in.toString(),
        "--format", "jsonl", "--top-k", "5");
    assertEquals(0, r.exitCode(), r.err());
    List<?> next = (List<?>) ((Map<?, ?>) Json.read(r.out().strip())).get("next");
    assertEquals(5, next.size());
    for (Object o : next) {
      Map<?, ?> n = (Map<?, ?>) o;
      int id = m.signature().vocabulary().indexOf((String) n.get("token"));
      assertEquals(((Number) n.get("probability")).doubleValue(), streamed[id], 1e-5, "P(" + n.get("token") + ")");
    }
    // and feeding the line at once gives the same
    assertClose(streamed, m.newSession().feed(LINE), "feed(line) against char by char");
  }

  @Test
  void aSavedStateBringsTheSessionBackToTheSameDistribution() {
    RecurModel m = RecurModel.load(model);
    StreamingSession s = m.newSession();
    float[] afterPrefix = fedCharByChar(m, s, "tago");
    RecurrentState saved = s.state();
    int r = m.signature().vocabulary().indexOf("r");
    float[] afterR = s.feedToken(r);
    float[] further = s.feed("imek");
    assertNotEquals(saved, s.state(), "the state moved on");
    s.setState(saved);
    assertEquals(saved, s.state());
    assertArrayEquals(afterR, s.feedToken(r), "after setState, the same step gives the same distribution");
    // a fresh session given the state continues the same way
    StreamingSession other = m.newSession();
    other.setState(saved);
    assertArrayEquals(afterR, other.feedToken(r));
    assertTrue(!Arrays.equals(afterPrefix, further), "the distribution depends on the state");
    // reset starts over from the start symbol
    s.reset();
    assertClose(afterPrefix, fedCharByChar(m, s, "tago"), "after reset");
  }

  @Test
  void aBidirectionalModelCannotStreamAndSaysWhichLayer() throws Exception {
    Path fixture = Path.of(StreamingSessionTest.class.getResource("/interchange/model").toURI());
    RecurModel m = RecurModel.load(fixture);
    RecurException e = assertThrows(RecurException.class, m::newSession);
    assertTrue(e.getMessage().startsWith("this model cannot run step by step: "), e.getMessage());
    assertTrue(e.getMessage().contains("'lstm'") && e.getMessage().contains("bidirectional"), e.getMessage());
  }
}
