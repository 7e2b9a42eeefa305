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
 * threads, and without a graph, where only one chunk of pre-activations is kept.
 */
class SequenceOpChunksTest {
  private static final int BATCH = 6;
  private static final int STEPS = 7;
  private static final int FEATURES = 5;
  private static final int UNITS = 8;
  private static final int[] LENGTHS = {7, 3, 0, 6, 7, 1};

  static Stream<Arguments> cases() {
    return Stream.of(Cell.values()).flatMap(c -> Stream.of(Arguments.of(c, false), Arguments.of(c, true)));
  }

  private static SequenceOp op(Cell cell, boolean reverse, long chunkFloats, boolean withGradients) {
    Tensor x = GradCheck.random(1, BATCH, STEPS, FEATURES).requireGrad(withGradients);
    Workspace ws = new Workspace();
    ws.chunkFloats = chunkFloats;
    return TestSequenceOps.of(cell, x, UNITS, LENGTHS, reverse, withGradients, ws);
  }

  /** Output, final states and, when recorded, the gradients of x and of every weight and bias. */
  private static List<float[]> run(Cell cell, boolean reverse, long chunkFloats, boolean withGradients) {
    SequenceOp op = op(cell, reverse, chunkFloats, withGradients);
    float[] hn = new float[BATCH * UNITS];
    float[] cn = cell.hasCellState() ? new float[BATCH * UNITS] : new float[0];
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

  private static long floatsPerStep(Cell cell) {
    return (long) BATCH * cell.gateSize(UNITS);
  }

  @ParameterizedTest(name = "{0}, reverse {1}")
  @MethodSource("cases")
  void chunksOfOneAndThreeStepsGiveTheBitsOfOneChunk(Cell cell, boolean reverse) {
    List<float[]> whole = run(cell, reverse, Long.MAX_VALUE, true);
    assertTrue(whole.get(3).length > 0 && whole.get(4).length > 0, "x and W_ih have gradients");
    for (long steps : new long[] {1, 3}) {
      long floats = steps * floatsPerStep(cell);
      assertSameBits(whole, run(cell, reverse, floats, true), steps + "-step chunks");
      try (Parallelism p = Parallelism.open(2)) {
        assertSameBits(whole, run(cell, reverse, floats, true), steps + "-step chunks, 2 threads");
      }
    }
  }

  @ParameterizedTest(name = "{0}, reverse {1}")
  @MethodSource("cases")
  void withoutAGraphOneChunkOfPreActivationsGivesTheSameBits(Cell cell, boolean reverse) {
    List<float[]> recorded = run(cell, reverse, Long.MAX_VALUE, true).subList(0, 3);
    for (long steps : new long[] {1, 3, STEPS}) {
      assertSameBits(recorded, run(cell, reverse, steps * floatsPerStep(cell), false), steps + "-step chunks, no graph");
    }
  }

  @ParameterizedTest(name = "{0}, reverse {1}")
  @MethodSource("cases")
  void aChunkBudgetBelowOneStepStillTakesOneStepAtATime(Cell cell, boolean reverse) {
    assertSameBits(run(cell, reverse, Long.MAX_VALUE, true), run(cell, reverse, 1, true), "a budget of one float");
  }
}
