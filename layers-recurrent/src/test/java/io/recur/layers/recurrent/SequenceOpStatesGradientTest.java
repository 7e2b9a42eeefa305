package io.recur.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recur.tensor.Tensor;
import io.recur.testkit.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encoder–decoder paths of {@link SequenceOp}: initial states given per batch row ({@link
 * SequenceOp#PER_ROW}, computed tensors with a gradient) and the final states as tensors with a
 * gradient ({@link SequenceOp#finalHidden()}, {@link SequenceOp#finalCell()}), checked against
 * central finite differences w.r.t. the input, every weight and the initial states, for every
 * cell, both directions, with and without padding, with the final states used alone, beside the
 * sequence output, and beside {@code output: last}.
 */
class SequenceOpStatesGradientTest {
  private static final int BATCH = 3;
  private static final int STEPS = 4;
  private static final int FEATURES = 2;
  private static final int UNITS = 3;
  private static final int[] FULL = {4, 4, 4};
  /** Row 1 keeps one step, row 2 none: its final state is its initial state. */
  private static final int[] PADDED = {4, 1, 0};

  /** What the checked function returns besides nothing else. */
  enum Use { FINAL_ONLY, FINAL_AND_SEQUENCE, FINAL_AND_LAST }

  record Case(Cell cell, boolean reverse, boolean padded, Use use) {
    @Override
    public String toString() {
      return cell.typeName() + (reverse ? " reverse" : "") + (padded ? " padded" : "") + " " + use;
    }
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (Cell cell : Cell.values()) {
      for (boolean reverse : List.of(false, true)) {
        for (boolean padded : List.of(false, true)) {
          for (Use use : Use.values()) {
            cases.add(new Case(cell, reverse, padded, use));
          }
        }
      }
    }
    return cases.stream();
  }

  /** Weights, input and per-row initial states of one op, each requiring a gradient. */
  private record Setup(Tensor x, Tensor wIh, Tensor wHh, Tensor bIh, Tensor bHh, Tensor h0, Tensor c0) {
    static Setup of(Cell cell) {
      int g = cell.gateSize(UNITS);
      return new Setup(GradCheck.random(1, BATCH, STEPS, FEATURES), GradCheck.random(2, g, FEATURES),
          GradCheck.random(3, g, UNITS), GradCheck.random(4, g), GradCheck.random(5, g),
          GradCheck.random(6, BATCH, UNITS), cell.hasCellState() ? GradCheck.random(7, BATCH, UNITS) : null);
    }

    List<Tensor> inputs() {
      List<Tensor> in = new ArrayList<>(List.of(x, wIh, wHh, bIh, bHh, h0));
      if (c0 != null) {
        in.add(c0);
      }
      return in;
    }

    SequenceOp op(Cell cell, int[] lengths, boolean reverse, boolean lastOnly) {
      return new SequenceOp(cell.cell(), cell.typeName(), x, wIh, wHh, bIh, bHh, h0, c0, SequenceOp.PER_ROW, lengths,
          reverse, lastOnly, new Workspace());
    }
  }

  private static Tensor run(Setup s, Case c) {
    boolean last = c.use() == Use.FINAL_AND_LAST;
    SequenceOp op = s.op(c.cell(), c.padded() ? PADDED : FULL, c.reverse(), last);
    float[] hN = new float[BATCH * UNITS];
    float[] cN = c.cell().hasCellState() ? new float[hN.length] : null;
    Tensor out = op.forward(hN, cN, 0);
    List<Tensor> parts = new ArrayList<>();
    parts.add(op.finalHidden());
    if (cN != null) {
      parts.add(op.finalCell());
    }
    if (c.use() == Use.FINAL_AND_SEQUENCE) {
      parts.add(out.step(1));
      parts.add(out.step(STEPS - 1));
    } else if (last) {
      parts.add(out);
    }
    return Tensor.concatLast(parts.toArray(new Tensor[0]));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void backwardMatchesFiniteDifferences(Case c) {
    Setup s = Setup.of(c.cell());
    GradCheck.check(in -> run(s, c), s.inputs(), GradCheck.DEFAULT_EPS, GradCheck.DEFAULT_ATOL, GradCheck.DEFAULT_RTOL);
  }

  @Test
  void anEmptyRowKeepsItsOwnInitialStateAndPassesItsGradientStraightBack() {
    Setup s = Setup.of(Cell.LSTM);
    Case c = new Case(Cell.LSTM, false, true, Use.FINAL_ONLY);
    Tensor y = run(s, c);
    // row 2 has no step: its final h and c are its initial ones
    for (int j = 0; j < UNITS; j++) {
      assertEquals(s.h0().get(2, j), y.get(2, j));
      assertEquals(s.c0().get(2, j), y.get(2, UNITS + j));
    }
    float[] seed = new float[y.size()];
    for (int j = 0; j < UNITS; j++) {
      seed[2 * 2 * UNITS + j] = 1f;
    }
    y.backward(seed);
    float[] expected = new float[BATCH * UNITS];
    for (int j = 0; j < UNITS; j++) {
      expected[2 * UNITS + j] = 1f;
    }
    assertArrayEquals(expected, s.h0().grad(), 0f);
  }
}
