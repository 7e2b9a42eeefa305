package io.recur.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recur.model.EpochResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final ProgressLine line = new ProgressLine(new PrintStream(bytes, true, StandardCharsets.UTF_8));

  private String printed() {
    String s = bytes.toString(StandardCharsets.UTF_8);
    bytes.reset();
    return s;
  }

  @Test
  void theLastBatchOfAnEpochIsAlwaysDrawnWithOneBasedCountsAndMinutesLeft() {
    line.onStart("tiny", 3, List.of("train.loss"));
    line.onBatch(0, 9, 10, 0.123456, 1234.4, 125.6);
    assertEquals("\repoch 1/3  batch 10/10  loss 0.1235  1234 samples/s  left 2:06", printed());
  }

  @Test
  void aShorterLineBlanksWhatTheLongerOneLeft() {
    line.onStart("tiny", 12, List.of());
    line.onBatch(10, 99, 100, 12.5, 123456, 3725);
    String first = printed();
    assertEquals("\repoch 11/12  batch 100/100  loss 12.5000  123456 samples/s  left 62:05", first);
    line.onBatch(11, 0, 1, 0.5, 5, 0);
    String second = "epoch 12/12  batch 1/1  loss 0.5000  5 samples/s  left 0:00";
    assertEquals("\r" + second + " ".repeat(first.length() - 1 - second.length()), printed());
  }

  @Test
  void anEpochOrANoticeClearsTheLineOnce() {
    line.onStart("tiny", 1, List.of());
    line.onBatch(0, 0, 1, 1, 1, 1);
    int length = printed().length() - 1;
    line.onEpoch(new EpochResult(0, 0.1, Map.of(), 1));
    assertEquals("\r" + " ".repeat(length) + "\r", printed());
    line.onEpoch(new EpochResult(1, 0.1, Map.of(), 1));
    line.onNotice("checkpoint written");
    assertEquals("", printed(), "nothing to clear: the table and notices start on a clean line");
    line.onBatch(0, 0, 1, 1, 1, 1);
    printed();
    line.onNotice("checkpoint written");
    assertEquals("\r" + " ".repeat(length) + "\r", printed());
  }
}
