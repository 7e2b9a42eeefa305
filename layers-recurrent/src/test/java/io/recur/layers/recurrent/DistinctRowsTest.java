package io.recur.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DistinctRowsTest {
  private static final int WIDTH = 6;

  /** {@code rows} rows, row r a copy of {@code table} row {@code pick[r]}. */
  private static float[] rowsOf(float[] table, int[] pick) {
    float[] x = new float[pick.length * WIDTH];
    for (int r = 0; r < pick.length; r++) {
      System.arraycopy(table, pick[r] * WIDTH, x, r * WIDTH, WIDTH);
    }
    return x;
  }

  private static float[] table(int count) {
    Random random = new Random(3);
    float[] t = new float[count * WIDTH];
    for (int i = 0; i < t.length; i++) {
      t[i] = random.nextFloat() - 0.5f;
    }
    return t;
  }

  @Test
  void everyRowPointsAtItsDistinctRowInOrderOfFirstAppearance() {
    float[] table = table(7);
    int[] pick = new int[200];
    Random random = new Random(4);
    for (int r = 0; r < pick.length; r++) {
      pick[r] = random.nextInt(7);
    }
    float[] x = rowsOf(table, pick);
    DistinctRows d = DistinctRows.find(x, pick.length, WIDTH);
    assertNotNull(d);
    assertEquals(7, d.count());
    for (int r = 0; r < pick.length; r++) {
      int u = d.index(r);
      assertArrayEquals(Arrays.copyOfRange(x, r * WIDTH, (r + 1) * WIDTH),
          Arrays.copyOfRange(d.rows(), u * WIDTH, (u + 1) * WIDTH), "row " + r);
    }
    assertEquals(0, d.index(0));
    assertEquals(pick[0] == pick[1] ? 0 : 1, d.index(1));
  }

  @Test
  void rowsAreComparedByTheirBitsSoSignedZerosAndNaNPayloadsStayApart() {
    float[] table = table(4);
    Arrays.fill(table, 0, WIDTH, 0f);
    Arrays.fill(table, WIDTH, 2 * WIDTH, 0f);
    table[WIDTH] = -0f;
    Arrays.fill(table, 2 * WIDTH, 4 * WIDTH, 1f);
    table[2 * WIDTH] = Float.intBitsToFloat(0x7fc00000);
    table[3 * WIDTH] = Float.intBitsToFloat(0x7fc00001);
    int[] pick = new int[DistinctRows.MIN_ROWS];
    for (int r = 0; r < pick.length; r++) {
      pick[r] = r % 4;
    }
    DistinctRows d = DistinctRows.find(rowsOf(table, pick), pick.length, WIDTH);
    assertNotNull(d);
    assertEquals(4, d.count(), "+0.0 and −0.0, and two NaNs of different payloads, are different rows");
  }

  @Test
  void givesUpBeyondOneDistinctRowPerMinRepeatsRowsAndOnFewRows() {
    int rows = 400;
    int allowed = rows / DistinctRows.MIN_REPEATS;
    float[] table = table(allowed + 1);
    int[] atLimit = new int[rows];
    int[] beyond = new int[rows];
    for (int r = 0; r < rows; r++) {
      atLimit[r] = r % allowed;
      beyond[r] = r % (allowed + 1);
    }
    assertEquals(allowed, DistinctRows.find(rowsOf(table, atLimit), rows, WIDTH).count());
    assertNull(DistinctRows.find(rowsOf(table, beyond), rows, WIDTH));
    int[] few = new int[DistinctRows.MIN_ROWS - 1];
    assertNull(DistinctRows.find(rowsOf(table, few), few.length, WIDTH), "too few rows to be worth a table");
  }
}
