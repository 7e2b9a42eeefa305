package io.recur.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Rows of 6 floats (scalar code only) and of 37 (two whole vectors of 16 and a tail, or scalar). */
class DistinctRowsTest {
  /** {@code rows} rows, row r a copy of {@code table} row {@code pick[r]}. */
  private static float[] rowsOf(float[] table, int[] pick, int width) {
    float[] x = new float[pick.length * width];
    for (int r = 0; r < pick.length; r++) {
      System.arraycopy(table, pick[r] * width, x, r * width, width);
    }
    return x;
  }

  private static float[] table(int count, int width) {
    Random random = new Random(3);
    float[] t = new float[count * width];
    for (int i = 0; i < t.length; i++) {
      t[i] = random.nextFloat() - 0.5f;
    }
    return t;
  }

  @ParameterizedTest(name = "width {0}")
  @ValueSource(ints = {6, 37})
  void everyRowPointsAtItsDistinctRowInOrderOfFirstAppearance(int width) {
    float[] table = table(7, width);
    int[] pick = new int[200];
    Random random = new Random(4);
    for (int r = 0; r < pick.length; r++) {
      pick[r] = random.nextInt(7);
    }
    float[] x = rowsOf(table, pick, width);
    DistinctRows d = DistinctRows.find(x, pick.length, width);
    assertNotNull(d);
    assertEquals(7, d.count());
    for (int r = 0; r < pick.length; r++) {
      int u = d.indices()[r];
      assertArrayEquals(Arrays.copyOfRange(x, r * width, (r + 1) * width),
          Arrays.copyOfRange(d.rows(), u * width, (u + 1) * width), "row " + r);
    }
    assertEquals(0, d.indices()[0]);
    assertEquals(pick[0] == pick[1] ? 0 : 1, d.indices()[1]);
  }

  /** Pairs of rows alike but for one value, at the start (a vector lane) and at the end (the tail). */
  @ParameterizedTest(name = "width {0}")
  @ValueSource(ints = {6, 37})
  void rowsAreComparedByTheirBitsSoSignedZerosAndNaNPayloadsStayApart(int width) {
    float[] table = new float[8 * width];
    Arrays.fill(table, 4 * width, 8 * width, 1f);
    for (int at : new int[] {0, width - 1}) {
      int pair = at == 0 ? 0 : 2;
      table[pair * width + at] = -0f;
      table[(pair + 4) * width + at] = Float.intBitsToFloat(0x7fc00000);
      table[(pair + 5) * width + at] = Float.intBitsToFloat(0x7fc00001);
    }
    int[] pick = new int[DistinctRows.MIN_ROWS];
    for (int r = 0; r < pick.length; r++) {
      pick[r] = r % 8;
    }
    DistinctRows d = DistinctRows.find(rowsOf(table, pick, width), pick.length, width);
    assertNotNull(d);
    // rows 1 and 3 are both all +0.0; every other row differs from each by one value's bits
    assertEquals(7, d.count(), "+0.0 and −0.0, and two NaNs of different payloads, are different rows");
    assertEquals(d.indices()[1], d.indices()[3]);
  }

  @ParameterizedTest(name = "width {0}")
  @ValueSource(ints = {6, 37})
  void givesUpBeyondOneDistinctRowPerMinRepeatsRowsAndOnFewRows(int width) {
    int rows = 400;
    int allowed = rows / DistinctRows.MIN_REPEATS;
    float[] table = table(allowed + 1, width);
    int[] atLimit = new int[rows];
    int[] beyond = new int[rows];
    for (int r = 0; r < rows; r++) {
      atLimit[r] = r % allowed;
      beyond[r] = r % (allowed + 1);
    }
    assertEquals(allowed, DistinctRows.find(rowsOf(table, atLimit, width), rows, width).count());
    assertNull(DistinctRows.find(rowsOf(table, beyond, width), rows, width));
    int[] few = new int[DistinctRows.MIN_ROWS - 1];
    assertNull(DistinctRows.find(rowsOf(table, few, width), few.length, width), "too few rows to be worth a table");
  }
}
