package io.recur.layers.recurrent;

import io.recur.spi.CellFactory;
import io.recur.spi.CellStep;
import io.recur.spi.RecurrentCell;
import io.recur.tensor.Kernels;
import io.recur.tensor.VectorMath;
import java.util.Arrays;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The LSTM cell, gate order i, f, g, o as in PyTorch:
 *
 * <pre>
 *   i = σ(a_i)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)     a = W_ih x + b_ih + W_hh h + b_hh
 *   c' = f·c + i·g        h' = o·tanh(c')
 * </pre>
 *
 * Local derivatives, with {@code dc'} the total gradient of c' ({@code dc_next + dh'·o·(1 −
 * tanh²c')}): {@code da_i = dc'·g·i(1−i)}, {@code da_f = dc'·c·f(1−f)}, {@code da_g = dc'·i·(1−g²)},
 * {@code da_o = dh'·tanh c'·o(1−o)}, {@code dc = dc'·f}; h reaches the previous step only
 * through the gates. Keeps the activated gates and {@code tanh c'} (its one saved block), so
 * backward evaluates no transcendental function.
 */
final class LstmCell implements RecurrentCell {
  private static final List<String> GATES = List.of("i", "f", "g", "o");
  private static final boolean VECTOR = Kernels.vectorApi();

  static CellFactory factory() {
    return new BuiltInCellFactory("lstm", "long short-term memory cell, gate order i, f, g, o, PyTorch's nn.LSTM", List.of(),
        p -> new LstmCell());
  }

  @Override
  public List<String> gates() {
    return GATES;
  }

  @Override
  public boolean hasCellState() {
    return true;
  }

  @Override
  public int savedBlocks() {
    return 1;
  }

  @Override
  public void forward(CellStep step, int row) {
    int h = step.units();
    float[] gates = step.gates();
    int g = step.gatesAt(row);
    Kernels.sigmoid(gates, g, gates, g, 2 * h);
    Kernels.tanh(gates, g + 2 * h, gates, g + 2 * h, h);
    Kernels.sigmoid(gates, g + 3 * h, gates, g + 3 * h, h);
    update(gates, g, step.cPrev(), step.cPrevAt(row), step.c(), step.cAt(row), step.saved(), step.savedAt(row),
        step.h(), step.hAt(row), h);
  }

  @Override
  public void backward(CellStep step, int row) {
    int h = step.units();
    float[] gates = step.gates();
    int g = step.gatesAt(row);
    // the gradients overwrite the gates they are computed from, element by element
    updateBackward(gates, g, step.cPrev(), step.cPrevAt(row), step.saved(), step.savedAt(row), step.dh(),
        step.dhAt(row), step.dc(), step.dcAt(row), gates, g, step.dcPrev(), step.dcPrevAt(row), h);
    int d = step.dhPrevAt(row);
    Arrays.fill(step.dhPrev(), d, d + h, 0f);
  }

  /**
   * The state update of one row from its activated gates: {@code c = f·c_prev + i·g}, {@code tc
   * = tanh c}, {@code h = o·tc}.
   */
  static void update(float[] gates, int gOff, float[] cPrev, int cpOff, float[] c, int cOff, float[] tc, int tOff,
      float[] h, int hOff, int n) {
    // tanh runs in the array kernel, compiled apart, never inside this row's loops: inlined into
    // a cell's loop, Java 17's C2 sometimes ran it and the stores after it on boxed vectors
    // (docs/benchmarks.md, "Boxed vectors")
    int j = VECTOR ? Vectorized.state(gates, gOff, cPrev, cpOff, c, cOff, n) : 0;
    for (; j < n; j++) {
      c[cOff + j] = gates[gOff + n + j] * cPrev[cpOff + j] + gates[gOff + j] * gates[gOff + 2 * n + j];
    }
    Kernels.tanh(c, cOff, tc, tOff, n);
    j = VECTOR ? Vectorized.output(gates, gOff, tc, tOff, h, hOff, n) : 0;
    for (; j < n; j++) {
      h[hOff + j] = gates[gOff + 3 * n + j] * tc[tOff + j];
    }
  }

  /**
   * The backward of one row: with {@code dct = dc + dh·o·(1 − tc²)}, writes the pre-activation
   * gradients {@code dG = [dct·g·i(1−i), dct·c_prev·f(1−f), dct·i(1−g²), dh·tc·o(1−o)]} and
   * {@code dcPrev = dct·f}.
   */
  static void updateBackward(float[] gates, int gOff, float[] cPrev, int cpOff, float[] tc, int tOff, float[] dh,
      int dhOff, float[] dc, int dcOff, float[] dG, int dgOff, float[] dcPrev, int dcpOff, int n) {
    int j = VECTOR
        ? Vectorized.updateBackward(gates, gOff, cPrev, cpOff, tc, tOff, dh, dhOff, dc, dcOff, dG, dgOff, dcPrev,
            dcpOff, n)
        : 0;
    for (; j < n; j++) {
      float i = gates[gOff + j];
      float f = gates[gOff + n + j];
      float g = gates[gOff + 2 * n + j];
      float o = gates[gOff + 3 * n + j];
      float t = tc[tOff + j];
      float d = dh[dhOff + j];
      float dct = dc[dcOff + j] + d * o * (1f - t * t);
      dG[dgOff + j] = dct * g * i * (1f - i);
      dG[dgOff + n + j] = dct * cPrev[cpOff + j] * f * (1f - f);
      dG[dgOff + 2 * n + j] = dct * i * (1f - g * g);
      dG[dgOff + 3 * n + j] = d * t * o * (1f - o);
      dcPrev[dcpOff + j] = dct * f;
    }
  }

  /**
   * The Vector API bodies of {@link #update} and {@link #updateBackward}: the largest multiple of
   * the vector length, each lane the scalar loop's operations in its order (the same bits); the
   * scalar loop does the tail. Loaded only when {@link Kernels#vectorApi()} is true.
   */
  private static final class Vectorized {
    private static final VectorSpecies<Float> S = VectorMath.SPECIES;
    private static final int V = S.length();

    private Vectorized() {}

    /** {@code c = f·c_prev + i·g}. */
    static int state(float[] gates, int gOff, float[] cPrev, int cpOff, float[] c, int cOff, int n) {
      int bound = S.loopBound(n);
      for (int j = 0; j < bound; j += V) {
        FloatVector i = FloatVector.fromArray(S, gates, gOff + j);
        FloatVector f = FloatVector.fromArray(S, gates, gOff + n + j);
        FloatVector g = FloatVector.fromArray(S, gates, gOff + 2 * n + j);
        f.mul(FloatVector.fromArray(S, cPrev, cpOff + j)).add(i.mul(g)).intoArray(c, cOff + j);
      }
      return bound;
    }

    /** {@code h = o·tc}. */
    static int output(float[] gates, int gOff, float[] tc, int tOff, float[] h, int hOff, int n) {
      int bound = S.loopBound(n);
      for (int j = 0; j < bound; j += V) {
        FloatVector.fromArray(S, gates, gOff + 3 * n + j).mul(FloatVector.fromArray(S, tc, tOff + j))
            .intoArray(h, hOff + j);
      }
      return bound;
    }

    static int updateBackward(float[] gates, int gOff, float[] cPrev, int cpOff, float[] tc, int tOff, float[] dh,
        int dhOff, float[] dc, int dcOff, float[] dG, int dgOff, float[] dcPrev, int dcpOff, int n) {
      int bound = S.loopBound(n);
      FloatVector one = FloatVector.broadcast(S, 1f);
      for (int j = 0; j < bound; j += V) {
        FloatVector i = FloatVector.fromArray(S, gates, gOff + j);
        FloatVector f = FloatVector.fromArray(S, gates, gOff + n + j);
        FloatVector g = FloatVector.fromArray(S, gates, gOff + 2 * n + j);
        FloatVector o = FloatVector.fromArray(S, gates, gOff + 3 * n + j);
        FloatVector t = FloatVector.fromArray(S, tc, tOff + j);
        FloatVector d = FloatVector.fromArray(S, dh, dhOff + j);
        FloatVector dct = FloatVector.fromArray(S, dc, dcOff + j).add(d.mul(o).mul(one.sub(t.mul(t))));
        dct.mul(g).mul(i).mul(one.sub(i)).intoArray(dG, dgOff + j);
        dct.mul(FloatVector.fromArray(S, cPrev, cpOff + j)).mul(f).mul(one.sub(f)).intoArray(dG, dgOff + n + j);
        dct.mul(i).mul(one.sub(g.mul(g))).intoArray(dG, dgOff + 2 * n + j);
        d.mul(t).mul(o).mul(one.sub(o)).intoArray(dG, dgOff + 3 * n + j);
        dct.mul(f).intoArray(dcPrev, dcpOff + j);
      }
      return bound;
    }
  }
}
