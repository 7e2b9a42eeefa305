package io.recur.tensor;

import static io.recur.tensor.Kernels.E0;
import static io.recur.tensor.Kernels.E1;
import static io.recur.tensor.Kernels.E2;
import static io.recur.tensor.Kernels.E3;
import static io.recur.tensor.Kernels.E4;
import static io.recur.tensor.Kernels.E5;
import static io.recur.tensor.Kernels.EXP_HI;
import static io.recur.tensor.Kernels.EXP_LO;
import static io.recur.tensor.Kernels.LN2_HI;
import static io.recur.tensor.Kernels.LN2_LO;
import static io.recur.tensor.Kernels.LOG2E;
import static io.recur.tensor.Kernels.ROUND;
import static io.recur.tensor.Kernels.ROUND_BITS;
import static io.recur.tensor.Kernels.T0;
import static io.recur.tensor.Kernels.T1;
import static io.recur.tensor.Kernels.T2;
import static io.recur.tensor.Kernels.T3;
import static io.recur.tensor.Kernels.T4;
import static io.recur.tensor.Kernels.TANH_SMALL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API bodies of {@link Kernels}' element-wise kernels. Each method handles the largest
 * multiple of the vector length and returns how many elements it did; the caller finishes the
 * tail with its scalar twin. Every body does exactly its twin's float operations in its twin's
 * order (fma where the twin has {@code Math.fma}, separate × and + where it has those), so
 * vector and scalar lanes give the same bits. Loaded only when {@code jdk.incubator.vector} is
 * in the module graph.
 */
final class VectorKernels {
  private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  private static final int V = S.length();

  private VectorKernels() {}

  static FloatVector exp(FloatVector x) {
    x = x.max(EXP_LO).min(EXP_HI);
    FloatVector t = x.fma(LOG2E, ROUND);
    FloatVector n = t.sub(ROUND);
    FloatVector r = n.fma(FloatVector.broadcast(S, -LN2_HI), x);
    r = n.fma(FloatVector.broadcast(S, -LN2_LO), r);
    FloatVector p = FloatVector.broadcast(S, E0).fma(r, FloatVector.broadcast(S, E1));
    p = p.fma(r, FloatVector.broadcast(S, E2));
    p = p.fma(r, FloatVector.broadcast(S, E3));
    p = p.fma(r, FloatVector.broadcast(S, E4));
    p = p.fma(r, FloatVector.broadcast(S, E5));
    FloatVector y = p.fma(r.mul(r), r).add(1f);
    FloatVector scale = t.reinterpretAsInts().sub(ROUND_BITS - 127).lanewise(VectorOperators.LSHL, 23)
        .reinterpretAsFloats();
    return y.mul(scale);
  }

  static FloatVector sigmoid(FloatVector x) {
    return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
  }

  static FloatVector tanh(FloatVector x) {
    FloatVector ax = x.abs();
    FloatVector z = x.mul(x);
    FloatVector p = FloatVector.broadcast(S, T0).fma(z, FloatVector.broadcast(S, T1));
    p = p.fma(z, FloatVector.broadcast(S, T2));
    p = p.fma(z, FloatVector.broadcast(S, T3));
    p = p.fma(z, FloatVector.broadcast(S, T4));
    FloatVector small = p.mul(z).fma(x, x);
    FloatVector t = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(ax.add(ax)).add(1f)));
    FloatVector big = t.blend(t.neg(), x.compare(VectorOperators.LT, 0f));
    VectorMask<Float> isSmall = ax.compare(VectorOperators.LT, TANH_SMALL);
    return big.blend(small, isSmall);
  }

  static int expShifted(float[] x, int xOff, float shift, float[] y, int yOff, int n) {
    int bound = S.loopBound(n);
    for (int i = 0; i < bound; i += V) {
      exp(FloatVector.fromArray(S, x, xOff + i).sub(shift)).intoArray(y, yOff + i);
    }
    return bound;
  }

  static int sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
    int bound = S.loopBound(n);
    for (int i = 0; i < bound; i += V) {
      sigmoid(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
    }
    return bound;
  }

  static int tanh(float[] x, int xOff, float[] y, int yOff, int n) {
    int bound = S.loopBound(n);
    for (int i = 0; i < bound; i += V) {
      tanh(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
    }
    return bound;
  }

  static int add(float[] a, int aOff, float[] b, int bOff, float[] y, int yOff, int n) {
    int bound = S.loopBound(n);
    for (int i = 0; i < bound; i += V) {
      FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i)).intoArray(y, yOff + i);
    }
    return bound;
  }

  static int lstmCell(float[] gates, int gOff, float[] cPrev, int cpOff, float[] c, int cOff,
      float[] tc, int tOff, float[] h, int hOff, int n) {
    int bound = S.loopBound(n);
    for (int j = 0; j < bound; j += V) {
      FloatVector i = FloatVector.fromArray(S, gates, gOff + j);
      FloatVector f = FloatVector.fromArray(S, gates, gOff + n + j);
      FloatVector g = FloatVector.fromArray(S, gates, gOff + 2 * n + j);
      FloatVector o = FloatVector.fromArray(S, gates, gOff + 3 * n + j);
      FloatVector cv = f.mul(FloatVector.fromArray(S, cPrev, cpOff + j)).add(i.mul(g));
      FloatVector t = tanh(cv);
      cv.intoArray(c, cOff + j);
      t.intoArray(tc, tOff + j);
      o.mul(t).intoArray(h, hOff + j);
    }
    return bound;
  }

  static int lstmCellBackward(float[] gates, int gOff, float[] cPrev, int cpOff, float[] tc, int tOff,
      float[] dh, int dhOff, float[] dc, int dcOff, float[] dG, int dgOff, float[] dcPrev, int dcpOff, int n) {
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

  static int gruCell(float[] xp, int xOff, float[] hh, int hOff, float[] bhn, int bOff, float[] hPrev, int hpOff,
      float[] gates, int gOff, float[] q, int qOff, float[] h, int hNewOff, int n) {
    int bound = S.loopBound(n);
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (int j = 0; j < bound; j += V) {
      FloatVector r = FloatVector.fromArray(S, gates, gOff + j);
      FloatVector z = FloatVector.fromArray(S, gates, gOff + n + j);
      FloatVector qv = FloatVector.fromArray(S, hh, hOff + 2 * n + j).add(FloatVector.fromArray(S, bhn, bOff + j));
      FloatVector nv = tanh(FloatVector.fromArray(S, xp, xOff + 2 * n + j).add(r.mul(qv)));
      nv.intoArray(gates, gOff + 2 * n + j);
      qv.intoArray(q, qOff + j);
      one.sub(z).mul(nv).add(z.mul(FloatVector.fromArray(S, hPrev, hpOff + j))).intoArray(h, hNewOff + j);
    }
    return bound;
  }

  static int gruCellBackward(float[] gates, int gOff, float[] q, int qOff, float[] hPrev, int hpOff,
      float[] dh, int dhOff, float[] dG, int dgOff, float[] dn, int dnOff, float[] dhPrev, int dhpOff, int n) {
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

  static int tanhBackward(float[] dy, int dyOff, float[] y, int yOff, float[] dx, int dxOff, int n) {
    int bound = S.loopBound(n);
    FloatVector one = FloatVector.broadcast(S, 1f);
    for (int j = 0; j < bound; j += V) {
      FloatVector v = FloatVector.fromArray(S, y, yOff + j);
      FloatVector.fromArray(S, dy, dyOff + j).mul(one.sub(v.mul(v))).intoArray(dx, dxOff + j);
    }
    return bound;
  }
}
