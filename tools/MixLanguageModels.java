import io.recur.api.RecurModel;
import io.recur.api.StreamingSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * How much two saved character models gain by mixing their probabilities, measured offline on the
 * last tenth of a text (the test part of an 80 / 10 / 10 split by position): both read it as one
 * stream from their initial state, each character's probability under either is kept, and
 * {@code p = λ·p_first + (1 − λ)·p_second} is scored for λ from 0 to 1. This is how the weight of
 * the network + Kneser–Ney mixture in configs/text/char-lm.yaml was chosen (docs/results.md).
 *
 * <pre>
 *   bin/recur --version                          # builds cli/target/recur.jar once
 *   java --add-modules jdk.incubator.vector -cp cli/target/recur.jar tools/MixLanguageModels.java \
 *       TEXT FIRST_MODEL_DIR SECOND_MODEL_DIR
 * </pre>
 *
 * The two models must share their vocabulary (the same text, read the same way). A character of
 * the test part that the vocabulary lacks is skipped by both.
 */
public final class MixLanguageModels {
  private MixLanguageModels() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 3) {
      System.err.println("usage: MixLanguageModels TEXT FIRST_MODEL_DIR SECOND_MODEL_DIR");
      System.exit(2);
    }
    String text = Files.readString(Path.of(args[0]));
    RecurModel first = RecurModel.load(Path.of(args[1]));
    RecurModel second = RecurModel.load(Path.of(args[2]));
    List<String> vocabulary = first.signature().vocabulary();
    if (!vocabulary.equals(second.signature().vocabulary())) {
      System.err.println("the two models have different vocabularies");
      System.exit(2);
    }
    String test = text.substring((int) (text.length() * 0.9));
    StreamingSession a = first.newSession();
    StreamingSession b = second.newSession();
    float[] pa = a.feed(test.substring(0, 1));
    float[] pb = b.feed(test.substring(0, 1));
    double[] qa = new double[test.length()];
    double[] qb = new double[test.length()];
    int n = 0;
    for (int i = 1; i < test.length(); i++) {
      int id = vocabulary.indexOf(String.valueOf(test.charAt(i)));
      if (id < 0) {
        continue;
      }
      qa[n] = pa[id];
      qb[n] = pb[id];
      n++;
      pa = a.feedToken(id);
      pb = b.feedToken(id);
    }
    for (int step = 0; step <= 10; step++) {
      double lambda = step / 10.0;
      double bits = 0;
      for (int i = 0; i < n; i++) {
        bits -= Math.log(lambda * qa[i] + (1 - lambda) * qb[i]) / Math.log(2);
      }
      System.out.printf("lambda %.1f  bits per character %.4f%n", lambda, bits / n);
    }
  }
}
