package io.recur.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.tensor.Parallelism;
import io.recur.tensor.Tensor;
import io.recur.testkit.GradCheck;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A sequence op projects its inputs, and computes their gradient, a chunk of steps at a time
 * ({@link Workspace#chunkFloats}), so that long sequences stay in cache between the products
 * and the time loop. The chunking must not change a bit: outputs, final states and every
 * gradient are compared with a single chunk, for chunks of one step and of three steps (seven
 * steps: 3 + 3 + 1), forward and reverse, with padded rows (one of length 0), on 1 and 2
 * threads, and without a graph, where only one chunk of pre-activations is kept. Three sizes:
 * one too small to split across threads, one split by rows through whole chunks (every cell's
 * W_hh within {@link #CACHED_WEIGHT_FLOATS}), and one whose lstm W_hh is larger, so its forward
 * splits each step's product by columns instead.
 */
class SequenceOpChunksTest {
  private static final int STEPS = 7;
  private static final int FEATURES = 5;
  /** Row n's length: a repeat of these (one row of length 0). */
  private static final int[] LENGTHS = {7, 3, 0, 6, 7, 1};
  /**
   * The workspace's {@link Workspace#cachedWeightFloats} here, as the default once was: 112 units
   * fit every cell within it, 136 put the lstm's W_hh (136 × 544) above.
   */
  private static final long CACHED_WEIGHT_FLOATS = 64 * 1024;

  /** A batch of {@code batch} rows through {@code units} units. */
  record Size(int batch, int units) {
    @Override
    public String toString() {
      return batch + " × " + units;
    }
  }

  static Stream<Arguments> cases() {
    return Stream.of(new Size(6, 8), new Size(24, 112), new Size(24, 136)).flatMap(size -> Stream.of(Cell.values())
        .flatMap(c -> Stream.of(Arguments.of(c, false, size), Arguments.of(c, true, size))));
  }

  private static SequenceOp op(Cell cell, boolean reverse, Size size, long chunkFloats, boolean withGradients) {
    Tensor x = GradCheck.random(1, size.batch(), STEPS, FEATURES).requireGrad(withGradients);
    Workspace ws = new Workspace();
    ws.chunkFloats = chunkFloats;
    ws.cachedWeightFloats = CACHED_WEIGHT_FLOATS;
    int[] lengths = new int[size.batch()];
    for (int n = 0; n < lengths.length; n++) {
      lengths[n] = LENGTHS[n % LENGTHS.length];
    }
    return TestSequenceOps.of(cell, x, size.units(), lengths, reverse, withGradients, ws);
  }

  /** Output, final states and, when recorded, the gradients of x and of every weight and bias. */
  private static List<float[]> run(Cell cell, boolean reverse, Size size, long chunkFloats, boolean withGradients) {
    SequenceOp op = op(cell, reverse, size, chunkFloats, withGradients);
    float[] hn = new float[size.batch() * size.units()];
    float[] cn = cell.hasCellState() ? new float[size.batch() * size.units()] : new float[0];
    Tensor y = op.forward(hn, cell.hasCellState() ? cn : null, 0);
    if (!withGradients) {
      return List.of(y.data(), hn, cn);
    }
    y.mul(GradCheck.random(6, y.shape())).sum().backward();
    return List.of(y.data(), hn, cn, op.x.grad(), op.weightIh.grad(), op.weightHh.grad(), op.biasIh.grad(),
        op.biasHh.grad());
  }

  private static void assertSameBits(List<float[]> expected, List<float[]> actual, String what) {
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), what + ", array " + i);
    }
  }

  private static long floatsPerStep(Cell cell, Size size) {
    return (long) size.batch() * cell.gateSize(size.units());
  }

  @ParameterizedTest(name = "{0}, reverse {1}, {2}")
  @MethodSource("cases")
  void chunksOfOneAndThreeStepsGiveTheBitsOfOneChunk(Cell cell, boolean reverse, Size size) {
    List<float[]> whole = run(cell, reverse, size, Long.MAX_VALUE, true);
    assertTrue(whole.get(3).length > 0 && whole.get(4).length > 0, "x and W_ih have gradients");
    for (long steps : new long[] {1, 3}) {
      long floats = steps * floatsPerStep(cell, size);
      assertSameBits(whole, run(cell, reverse, size, floats, true), steps + "-step chunks");
      try (Parallelism p = Parallelism.open(2)) {
        assertSameBits(whole, run(cell, reverse, size, floats, true), steps + "-step chunks, 2 threads");
        assertSameBits(whole.subList(0, 3), run(cell, reverse, size, floats, false),
            steps + "-step chunks, 2 threads, no graph");
      }
    }
  }

  @ParameterizedTest(name = "{0}, reverse {1}, {2}")
  @MethodSource("cases")
  void withoutAGraphOneChunkOfPreActivationsGivesTheSameBits(Cell cell, boolean reverse, Size size) {
    List<float[]> recorded = run(cell, reverse, size, Long.MAX_VALUE, true).subList(0, 3);
    for (long steps : new long[] {1, 3, STEPS}) {
      assertSameBits(recorded, run(cell, reverse, size, steps * floatsPerStep(cell, size), false),
          steps + "-step chunks, no graph");
    }
  }

  @ParameterizedTest(name = "{0}, reverse {1}, {2}")
  @MethodSource("cases")
  void aChunkBudgetBelowOneStepStillTakesOneStepAtATime(Cell cell, boolean reverse, Size size) {
    assertSameBits(run(cell, reverse, size, Long.MAX_VALUE, true), run(cell, reverse, size, 1, true),
        "a budget of one float");
  }
}
