package io.recur.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The blocked transpose behind one-hot inputs: every element lands at its place, at block edges too. */
class SequenceOpTransposeTest {
  @ParameterizedTest(name = "{0} × {1}")
  @CsvSource({"1, 1", "1, 50", "50, 1", "16, 16", "17, 33", "512, 57", "57, 512"})
  void everyElementMovesToItsTransposedPlace(int rows, int cols) {
    float[] src = new float[rows * cols];
    for (int i = 0; i < src.length; i++) {
      src[i] = i + 1;
    }
    float[] dst = new float[rows * cols];
    SequenceOp.transpose(src, dst, rows, cols);
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        assertEquals(src[r * cols + c], dst[c * rows + r], "[" + r + ", " + c + "]");
      }
    }
  }
}
