package io.recur.layers.recurrent;

import io.recur.spi.CellFactory;
import io.recur.spi.CellStep;
import io.recur.spi.RecurrentCell;
import io.recur.tensor.Kernels;
import io.recur.tensor.VectorMath;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The GRU cell, gate order r, z, n as in PyTorch:
 *
 * <pre>
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr)      z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r·(W_hn h + b_hn))
 *   h' = (1 − z)·n + z·h
 * </pre>
 *
 * Because r multiplies {@code q = W_hn h + b_hn}, the n block keeps its recurrent part apart (one
 * separate block), and the whole {@code W_hh h} comes separately. Local derivatives: {@code da_n =
 * dh'·(1−z)·(1−n²)}, {@code da_z = dh'·(h − n)·z(1−z)}, {@code da_r = da_n·q·r(1−r)}, {@code dq =
 * da_n·r}, {@code dh = dh'·z + (recurrent part)}: the n block's recurrent-side gradient ({@code
 * dq}) differs from its input-side one ({@code da_n}). Keeps the gates and q (its saved block).
 */
final class GruCell implements RecurrentCell {
  private static final List<String> GATES = List.of("r", "z", "n");
  private static final boolean VECTOR = Kernels.vectorApi();

  static CellFactory factory() {
    return new BuiltInCellFactory("gru", "gated recurrent unit cell, gate order r, z, n, PyTorch's nn.GRU", List.of(),
        p -> new GruCell());
  }

  @Override
  public List<String> gates() {
    return GATES;
  }

  @Override
  public int savedBlocks() {
    return 1;
  }

  @Override
  public int separateBlocks() {
    return 1;
  }

  @Override
  public void forward(CellStep step, int row) {
    int h = step.units();
    int g = step.gatesAt(row);
    step(step.gates(), g, step.hidden(), step.hiddenAt(row), step.recurrentBias(), 2 * h, step.hPrev(),
        step.hPrevAt(row), step.gates(), g, step.saved(), step.savedAt(row), step.h(), step.hAt(row), h);
  }

  @Override
  public void backward(CellStep step, int row) {
    int g = step.gatesAt(row);
    stepBackward(step.gates(), g, step.saved(), step.savedAt(row), step.hPrev(), step.hPrevAt(row), step.dh(),
        step.dhAt(row), step.gates(), g, step.dInput(), step.dInputAt(row), step.dhPrev(), step.dhPrevAt(row),
        step.units());
  }

  /**
   * One row: {@code xp} ({@code 3n}, order r, z, n) holds {@code W_i x + b_i} plus {@code b_hr,
   * b_hz}; {@code hh = W_h h} without bias; {@code bhn = b_hn}. Writes {@code gates = [r, z, n]},
   * {@code q = hh_n + b_hn} and {@code h = (1 − z)·n + z·h_prev}, with {@code r = σ(xp_r +
   * hh_r)}, {@code z = σ(xp_z + hh_z)}, {@code n = tanh(xp_n + r·q)}.
   */
  static void step(float[] xp, int xOff, float[] hh, int hOff, float[] bhn, int bOff, float[] hPrev, int hpOff,
      float[] gates, int gOff, float[] q, int qOff, float[] h, int hNewOff, int n) {
    Kernels.sigmoidOfSum(xp, xOff, hh, hOff, gates, gOff, 2 * n);
    // the exponentials run in the array kernels, compiled apart, never inside this row's loops:
    // inlined into a cell's loop, Java 17's C2 sometimes ran tanh and the stores after it on
    // boxed vectors (docs/benchmarks.md, "Boxed vectors")
    int nOff = gOff + 2 * n;
    int j = VECTOR ? Vectorized.candidate(xp, xOff, hh, hOff, bhn, bOff, gates, gOff, q, qOff, n) : 0;
    for (; j < n; j++) {
      float qv = hh[hOff + 2 * n + j] + bhn[bOff + j];
      q[qOff + j] = qv;
      gates[nOff + j] = xp[xOff + 2 * n + j] + gates[gOff + j] * qv;
    }
    Kernels.tanh(gates, nOff, gates, nOff, n);
    j = VECTOR ? Vectorized.blend(gates, gOff, hPrev, hpOff, h, hNewOff, n) : 0;
    for (; j < n; j++) {
      float z = gates[gOff + n + j];
      h[hNewOff + j] = (1f - z) * gates[nOff + j] + z * hPrev[hpOff + j];
    }
  }

  /**
   * The backward of one row: {@code da_n = dh·(1−z)·(1−n²)}, {@code da_z = dh·(h_prev −
   * n)·z(1−z)}, {@code da_r = da_n·q·r(1−r)}. Writes the recurrent-side gradient {@code dG =
   * [da_r, da_z, da_n·r]}, the input-side n gradient {@code dn = da_n}, and {@code dhPrev = dh·z}
   * (the direct path; the layer adds {@code dG·W_hh}).
   */
  static void stepBackward(float[] gates, int gOff, float[] q, int qOff, float[] hPrev, int hpOff, float[] dh,
      int dhOff, float[] dG, int dgOff, float[] dn, int dnOff, float[] dhPrev, int dhpOff, int n) {
    int j = VECTOR
        ? Vectorized.stepBackward(gates, gOff, q, qOff, hPrev, hpOff, dh, dhOff, dG, dgOff, dn, dnOff, dhPrev, dhpOff, n)
        : 0;
    for (; j < n; j++) {
      float r = gates[gOff + j];
      float z = gates[gOff + n + j];
      float nv = gates[gOff + 2 * n + j];
      float d = dh[dhOff + j];
      float dan = d * (1f - z) * (1f - nv * nv);
      float daz = d * (hPrev[hpOff + j] - nv) * z * (1f - z);
      float dar = dan * q[qOff + j] * r * (1f - r);
      dG[dgOff + j] = dar;
      dG[dgOff + n + j] = daz;
      dG[dgOff + 2 * n + j] = dan * r;
      dn[dnOff + j] = dan;
      dhPrev[dhpOff + j] = d * z;
    }
  }

  /**
   * The Vector API bodies of {@link #step} and {@link #stepBackward}, lane by lane the scalar
   * loop's operations (the same bits). Loaded only when {@link Kernels#vectorApi()} is true.
   */
  private static final class Vectorized {
    private static final VectorSpecies<Float> S = VectorMath.SPECIES;
    private static final int V = S.length();

    private Vectorized() {}

    /** {@code q = hh_n + b_hn} and the candidate's pre-activation {@code xp_n + r·q}, into the n block. */
    static int candidate(float[] xp, int xOff, float[] hh, int hOff, float[] bhn, int bOff, float[] gates, int gOff,
        float[] q, int qOff, int n) {
      int bound = S.loopBound(n);
      for (int j = 0; j < bound; j += V) {
        FloatVector r = FloatVector.fromArray(S, gates, gOff + j);
        FloatVector qv = FloatVector.fromArray(S, hh, hOff + 2 * n + j).add(FloatVector.fromArray(S, bhn, bOff + j));
        qv.intoArray(q, qOff + j);
        FloatVector.fromArray(S, xp, xOff + 2 * n + j).add(r.mul(qv)).intoArray(gates, gOff + 2 * n + j);
      }
      return bound;
    }

    /** {@code h = (1 − z)·n + z·h_prev} from the activated z and n blocks. */
    static int blend(float[] gates, int gOff, float[] hPrev, int hpOff, float[] h, int hNewOff, int n) {
      int bound = S.loopBound(n);
      FloatVector one = FloatVector.broadcast(S, 1f);
      for (int j = 0; j < bound; j += V) {
        FloatVector z = FloatVector.fromArray(S, gates, gOff + n + j);
        FloatVector nv = FloatVector.fromArray(S, gates, gOff + 2 * n + j);
        one.sub(z).mul(nv).add(z.mul(FloatVector.fromArray(S, hPrev, hpOff + j))).intoArray(h, hNewOff + j);
      }
      return bound;
    }

    static int stepBackward(float[] gates, int gOff, float[] q, int qOff, float[] hPrev, int hpOff, float[] dh,
        int dhOff, float[] dG, int dgOff, float[] dn, int dnOff, float[] dhPrev, int dhpOff, int n) {
      int bound = S.loopBound(n);
      FloatVector one = FloatVector.broadcast(S, 1f);
      for (int j = 0; j < bound; j += V) {
        FloatVector r = FloatVector.fromArray(S, gates, gOff + j);
        FloatVector z = FloatVector.fromArray(S, gates, gOff + n + j);
        FloatVector nv = FloatVector.fromArray(S, gates, gOff + 2 * n + j);
        FloatVector d = FloatVector.fromArray(S, dh, dhOff + j);
        FloatVector dan = d.mul(one.sub(z)).mul(one.sub(nv.mul(nv)));
        FloatVector daz = d.mul(FloatVector.fromArray(S, hPrev, hpOff + j).sub(nv)).mul(z).mul(one.sub(z));
        FloatVector dar = dan.mul(FloatVector.fromArray(S, q, qOff + j)).mul(r).mul(one.sub(r));
        dar.intoArray(dG, dgOff + j);
        daz.intoArray(dG, dgOff + n + j);
        dan.mul(r).intoArray(dG, dgOff + 2 * n + j);
        dan.intoArray(dn, dnOff + j);
        d.mul(z).intoArray(dhPrev, dhpOff + j);
      }
      return bound;
    }
  }
}
