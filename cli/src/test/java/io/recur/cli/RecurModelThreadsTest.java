package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recur.api.Prediction;
import io.recur.api.RecurModel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@link RecurModel} shared between threads gives every thread the answers of a serial run,
 * bit for bit; so do two compute threads against one; the batch size changes no decision. The
 * model is a variable-length classifier (configs/names/rnn.yaml on generated words), so batches
 * are padded and masked.
 */
class RecurModelThreadsTest {
  @TempDir static Path shared;
  static Path model;
  static List<String> items;

  @BeforeAll
  static void train() throws IOException {
    Path folder = Files.createDirectories(shared.resolve("labelled"));
    Files.write(folder.resolve("Soft.txt"), PredictFixtures.words(60, "aeioulmn", 1), StandardCharsets.UTF_8);
    Files.write(folder.resolve("Hard.txt"), PredictFixtures.words(60, "aeiktgkrz", 2), StandardCharsets.UTF_8);
    Path config = PredictFixtures.shippedWith("names/rnn.yaml", shared, "source: names",
        "path: " + folder.toAbsolutePath());
    model = PredictFixtures.train(config, shared.resolve("run"), "training.epochs=2", "model.layers[1].units=12",
        "model.layers[2].units=2");
    // 200 items of 3 to 8 letters over the letters the model has seen
    items = PredictFixtures.words(200, "aeioulmnktgrz", 5);
  }

  private static void assertSameBits(List<Prediction> expected, List<Prediction> actual, String what) {
    assertEquals(expected.size(), actual.size(), what);
    for (int i = 0; i < expected.size(); i++) {
      Prediction.Classification e = (Prediction.Classification) expected.get(i);
      Prediction.Classification a = (Prediction.Classification) actual.get(i);
      assertEquals(e.input(), a.input(), what + ", item " + i);
      assertArrayEquals(e.probabilities(), a.probabilities(), what + ", probabilities of " + e.input());
    }
  }

  @Test
  void eightThreadsSharingOneModelEachGetTheSerialAnswersBitForBit() throws Exception {
    RecurModel m = RecurModel.load(model);
    List<Prediction> serial = m.predictBatch(items);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<List<Prediction>>> runs = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        runs.add(pool.submit(() -> {
          start.await();
          return m.predictBatch(items);
        }));
      }
      start.countDown();
      for (int t = 0; t < runs.size(); t++) {
        assertSameBits(serial, runs.get(t).get(2, TimeUnit.MINUTES), "thread " + t);
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void twoComputeThreadsGiveTheBitsOfOne() {
    List<Prediction> one = RecurModel.load(model, RecurModel.Options.DEFAULT.withThreads(1)).predictBatch(items);
    List<Prediction> two = RecurModel.load(model, RecurModel.Options.DEFAULT.withThreads(2)).predictBatch(items);
    assertSameBits(one, two, "threads 2 against 1");
  }

  @Test
  void theBatchSizeChangesNoLabelAndNoProbabilityBeyondRounding() {
    List<Prediction> single = RecurModel.load(model, RecurModel.Options.DEFAULT.withBatchSize(1)).predictBatch(items);
    List<Prediction> batched = RecurModel.load(model, RecurModel.Options.DEFAULT.withBatchSize(64)).predictBatch(items);
    for (int i = 0; i < items.size(); i++) {
      Prediction.Classification a = (Prediction.Classification) single.get(i);
      Prediction.Classification b = (Prediction.Classification) batched.get(i);
      assertEquals(a.label(), b.label(), "label of " + items.get(i));
      float[] pa = a.probabilities();
      float[] pb = b.probabilities();
      for (int c = 0; c < pa.length; c++) {
        assertEquals(pa[c], pb[c], 1e-6, "p(" + a.classes().get(c) + ") of " + items.get(i));
      }
    }
  }
}
