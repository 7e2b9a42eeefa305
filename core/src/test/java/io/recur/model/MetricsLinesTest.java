package io.recur.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.run.RunDirectory;
import io.recur.spi.RecurException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MetricsLinesTest {
  @TempDir Path tmp;

  private static EpochResult epoch(int index, double loss) {
    return new EpochResult(index, 0.01, Map.of("val.loss", loss), 2.5);
  }

  @Test
  void epochsAreWrittenFromOneAndReadBackFromZero() {
    String line = MetricsLines.epochLine(epoch(0, 0.5), false);
    assertEquals("{\"epoch\":1,\"val.loss\":0.5,\"lr\":0.01,\"seconds\":2.5}", line);
    MetricsLines.Contents c = MetricsLines.read(List.of(line, MetricsLines.epochLine(epoch(1, 0.4), false)),
        i -> "m:" + (i + 1));
    assertEquals(List.of(0, 1), c.epochs().stream().map(EpochResult::epoch).toList());
    assertEquals(0.01, c.epochs().get(0).learningRate());
    assertEquals(2.5, c.epochs().get(0).seconds());
    assertNull(c.test());
  }

  @Test
  void anOlderFileCountingFromZeroReadsTheSameAndMissingTimesAreNaN() {
    MetricsLines.Contents c = MetricsLines.read(List.of("{\"epoch\":0,\"val.loss\":0.5}", "{\"epoch\":1,\"val.loss\":0.4}"),
        i -> "m:" + (i + 1));
    assertEquals(List.of(0, 1), c.epochs().stream().map(EpochResult::epoch).toList());
    assertTrue(Double.isNaN(c.epochs().get(0).seconds()) && Double.isNaN(c.epochs().get(0).learningRate()));
  }

  @Test
  void theAfterTrainingTestLineSaysWhoseWeightsItScored() {
    FinalTest test = new FinalTest(2, "val.loss", Map.of("test.loss", 0.7));
    String line = MetricsLines.testLine(test, false);
    assertEquals("{\"test\":\"after_training\",\"weights_of_epoch\":3,\"chosen_by\":\"val.loss\",\"test.loss\":0.7}", line);
    MetricsLines.Contents c = MetricsLines.read(List.of(MetricsLines.epochLine(epoch(0, 1), false), line), i -> "m");
    assertEquals(1, c.epochs().size(), "the test line is not an epoch");
    assertEquals(test, c.test());
    assertEquals("scored once after training, with the weights of epoch 3, the best by val.loss", test.source());
  }

  @Test
  void aLineThatIsNotARecordIsNamedByItsPlace() {
    RecurException e = assertThrows(RecurException.class,
        () -> MetricsLines.read(List.of("{\"epoch\":1}", "{\"loss\":1}"), i -> "run/metrics.jsonl:" + (i + 1)));
    assertEquals("run/metrics.jsonl:2: a line is not an epoch record: {\"loss\":1}", e.getMessage());
  }

  @Test
  void theFileKeepsTheContractsIndexAndFilesCountingFromOneStillRead() throws IOException {
    RunDirectory dir = RunDirectory.create(tmp.resolve("run"));
    dir.appendMetrics(epoch(0, 1));
    dir.appendMetrics(epoch(1, 0.9));
    List<String> lines = Files.readAllLines(tmp.resolve("run/metrics.jsonl"));
    assertTrue(lines.get(0).startsWith("{\"epoch\":0,"), lines.toString());
    assertEquals(List.of(0, 1), MetricsLines.read(lines, i -> "m").epochs().stream().map(EpochResult::epoch).toList());

    // a file that counts from 1 (written while screens and files shared the numbering) reads the same
    List<String> fromOne = List.of("{\"epoch\":1,\"val.loss\":1.0,\"lr\":0.01,\"seconds\":2.5}",
        "{\"epoch\":2,\"val.loss\":0.9,\"lr\":0.01,\"seconds\":2.5}");
    assertEquals(List.of(0, 1), MetricsLines.read(fromOne, i -> "m").epochs().stream().map(EpochResult::epoch).toList());
  }
}
