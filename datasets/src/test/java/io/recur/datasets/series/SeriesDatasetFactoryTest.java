package io.recur.datasets.series;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.datasets.named.LoopbackServer;
import io.recur.datasets.named.NamedData;
import io.recur.datasets.named.SharedData;
import io.recur.spi.Dataset;
import io.recur.spi.Normalization;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeriesDatasetFactoryTest {
  private static final SeriesDatasetFactory FACTORY =
      new SeriesDatasetFactory(new NamedData(LoopbackServer.unreachable(), s -> { }));

  private static Dataset create(Path dir, Map<String, Object> params) {
    return FACTORY.create(TestParams.resolve(FACTORY, params), TestContexts.data(dir, 1));
  }

  private static Map<String, Object> with(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** A CSV of x_i = i² for i = 0 … n − 1, with a date column first. */
  private static Path squares(Path dir, int n) throws Exception {
    StringBuilder b = new StringBuilder("ds,y\n");
    for (int i = 0; i < n; i++) {
      b.append("d").append(i).append(',').append(i * i).append('\n');
    }
    Path f = dir.resolve("s.csv");
    Files.writeString(f, b.toString());
    return f;
  }

  @Test
  void windowsForecastTheNextStepWithAChronologicalSplit(@TempDir Path dir) throws Exception {
    squares(dir, 20);
    Dataset d = create(dir, with("path", "s.csv", "window", 3, "val_steps", 2, "test_steps", 4, "normalize", false,
        "season", 2));
    Split train = d.splits().get(Dataset.TRAIN);
    // train forecasts x_3 … x_13, val x_14, x_15, test x_16 … x_19
    assertArrayEquals(new int[] {11, 3, 1}, train.inputs().shape());
    assertArrayEquals(new int[] {11, 1}, train.targets().shape());
    assertNull(train.mask());
    assertArrayEquals(new float[] {0, 1, 4}, train.inputs().rows(0, 1).data());
    assertEquals(9f, train.targets().data()[0]);
    Split test = d.splits().get(Dataset.TEST);
    assertEquals(4, test.size());
    assertArrayEquals(new float[] {169, 196, 225}, test.inputs().rows(0, 1).data());
    assertEquals(256f, test.targets().data()[0]);
    assertEquals(2, d.splits().get(Dataset.VALIDATION).size());
    assertArrayEquals(new int[] {3, 1}, d.schema().inputShape());
    assertNull(d.schema().normalization());
    // seasonal naive with season 2 on the test targets 16..19: (i² − (i−2)²)² = (4i − 4)²
    double expected = 0;
    for (int i = 16; i < 20; i++) {
      expected += Math.pow(4 * i - 4, 2);
    }
    assertEquals(expected / 4, d.baselines().get("test.seasonal-naive-mse"), 1e-9);
    assertEquals(expected / 4, d.baselines().get("test.seasonal-naive-mse-original"), 1e-9);
  }

  @Test
  void normalisesWithTheTrainingPartOnly(@TempDir Path dir) throws Exception {
    squares(dir, 20);
    Dataset d = create(dir, with("path", "s.csv", "window", 3, "val_steps", 2, "test_steps", 4, "season", 2));
    // the training part is x_0 … x_13: mean and population std of the squares 0 … 169
    double mean = 0;
    for (int i = 0; i < 14; i++) {
      mean += i * i;
    }
    mean /= 14;
    double var = 0;
    for (int i = 0; i < 14; i++) {
      var += Math.pow(i * i - mean, 2);
    }
    Normalization n = d.schema().normalization();
    assertEquals(mean, n.mean(), 1e-9);
    assertEquals(Math.sqrt(var / 14), n.std(), 1e-9);
    assertEquals((float) n.apply(256), d.splits().get(Dataset.TEST).targets().data()[0], 1e-6);
    double original = d.baselines().get("test.seasonal-naive-mse-original");
    assertEquals(original / (n.std() * n.std()), d.baselines().get("test.seasonal-naive-mse"), 1e-9);
  }

  @Test
  void sequenceTargetsAreTheWindowShiftedByOne(@TempDir Path dir) throws Exception {
    squares(dir, 12);
    Dataset d = create(dir, with("path", "s.csv", "window", 4, "target", "sequence", "val_steps", 0, "test_steps", 2,
        "normalize", false));
    Split train = d.splits().get(Dataset.TRAIN);
    assertArrayEquals(new int[] {6, 4, 1}, train.targets().shape());
    assertArrayEquals(new float[] {1, 4, 9, 16}, train.targets().rows(0, 1).data());
    assertEquals(List.of(Dataset.TRAIN, Dataset.TEST), List.copyOf(d.splits().keySet()));
  }

  @Test
  void readsCrLineEndsQuotesAndANamedColumn(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("cr.csv"), "\"ds\",\"y\",z\r1,\"5\",0\r\r2,6,0\r3,7,0\r4,8,0\r5,9,0");
    Dataset d = create(dir, with("path", "cr.csv", "column", "y", "window", 2, "val_steps", 0, "test_steps", 1,
        "normalize", false));
    assertArrayEquals(new float[] {5, 6, 6, 7}, d.splits().get(Dataset.TRAIN).inputs().rows(0, 2).data());
    assertEquals(9f, d.splits().get(Dataset.TEST).targets().data()[0]);
  }

  @Test
  void namesTheFileAndLineOfAMalformedRow(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("bad.csv");
    Files.writeString(f, "ds,y\n1,2\n2,3,4\n");
    RecurException columns = assertThrows(RecurException.class, () -> create(dir, with("path", "bad.csv")));
    assertEquals(f + ":3: expected 2 columns as in the header (ds, y), got 3", columns.getMessage());
    Files.writeString(f, "ds,y\n1,2\n\n2,abc\n");
    RecurException number = assertThrows(RecurException.class, () -> create(dir, with("path", "bad.csv")));
    assertEquals(f + ":4: column 'y': expected a number, got 'abc'", number.getMessage());
    Files.writeString(f, "ds,y\n1,\n");
    RecurException empty = assertThrows(RecurException.class, () -> create(dir, with("path", "bad.csv")));
    assertEquals(f + ":2: column 'y': expected a number, got an empty field", empty.getMessage());
    Files.writeString(f, "ds,y\n1,NaN\n");
    RecurException nan = assertThrows(RecurException.class, () -> create(dir, with("path", "bad.csv")));
    assertEquals(f + ":2: column 'y': expected a number, got 'NaN'", nan.getMessage());
    Files.writeString(f, "ds,y\n1,2\n");
    RecurException column = assertThrows(RecurException.class, () -> create(dir, with("path", "bad.csv", "column", "v")));
    assertEquals(f + ":1: no column 'v' in the header; found ds, y (set column to the column to use)",
        column.getMessage());
    Files.writeString(f, "\n\n");
    RecurException blank = assertThrows(RecurException.class, () -> create(dir, with("path", "bad.csv")));
    assertEquals(f + ": the file is empty; expected a header row naming the columns, then one row per step",
        blank.getMessage());
    Files.writeString(f, "ds,y\n");
    RecurException header = assertThrows(RecurException.class, () -> create(dir, with("path", "bad.csv")));
    assertEquals(f + ": no data rows after the header", header.getMessage());
  }

  @Test
  void refusesASeriesTooShortForTheSplit(@TempDir Path dir) throws Exception {
    Path f = squares(dir, 30);
    RecurException e = assertThrows(RecurException.class, () -> create(dir, with("path", "s.csv")));
    assertEquals("dataset 'series' (" + f + "): the series has 30 steps; window 12, val_steps 12 and test_steps 24"
        + " leave no training sample (it needs at least 49 steps)", e.getMessage());
    Files.writeString(f, "y\n3\n3\n3\n3\n4\n");
    RecurException flat = assertThrows(RecurException.class, () -> create(dir, with("path", "s.csv", "window", 1,
        "val_steps", 0, "test_steps", 1)));
    assertEquals("dataset 'series' (" + f + "): every training value is 3.0, so the series cannot be normalised"
        + " (std 0); set normalize: false", flat.getMessage());
  }

  @Test
  void airlinePassengersHoldOutTheLast24Months() {
    Path data = SharedData.directory("airline_passengers/airline_passengers.csv");
    Dataset d = FACTORY.create(TestParams.resolve(FACTORY, with("source", "airline-passengers")),
        TestContexts.data(data, 1));
    // 144 months: train forecasts months 12 … 107, val 108 … 119 (1958), test 120 … 143 (1959–1960)
    assertEquals(96, d.splits().get(Dataset.TRAIN).size());
    assertEquals(12, d.splits().get(Dataset.VALIDATION).size());
    assertEquals(24, d.splits().get(Dataset.TEST).size());
    Normalization n = d.schema().normalization();
    assertEquals(622.0, n.invert(d.splits().get(Dataset.TEST).targets().data()[18]), 1e-3, "the 1960-07 peak");
    // seasonal naive on 1959–1960 in thousands of passengers², computed from the file by hand
    assertEquals(2498.6667, d.baselines().get("test.seasonal-naive-mse-original"), 1e-3);
  }
}
