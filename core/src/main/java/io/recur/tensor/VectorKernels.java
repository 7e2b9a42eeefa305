package io.recur.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API bodies of {@link Kernels}' element-wise kernels. Each method handles the largest
 * multiple of the vector length and returns how many elements it did; the caller finishes the
 * tail with its scalar twin. Every body does exactly its twin's float operations in its twin's
 * order (fma where the twin has {@code Math.fma}, separate × and + where it has those), so
 * vector and scalar lanes give the same bits. The reductions differ in form only: max and the
 * bits' hash return their result over the whole range, tail included, and the bits' comparison
 * takes a length the caller has already cut to whole vectors. Loaded only when {@code
 * jdk.incubator.vector} is in the module graph.
 */
final class VectorKernels {
  private static final VectorSpecies<Float> S = VectorMath.SPECIES;
  private static final int V = S.length();

  private VectorKernels() {}

  /**
   * Also the tail, when there is a whole vector before it and y's range does not overlap x's:
   * the last V elements again, the same values for those already done (a softmax over 65
   * classes spent a third of its exps on the 65th, through the scalar twin).
   */
  static int expShifted(float[] x, int xOff, float shift, float[] y, int yOff, int n) {
    int bound = S.loopBound(n);
    for (int i = 0; i < bound; i += V) {
      VectorMath.exp(FloatVector.fromArray(S, x, xOff + i).sub(shift)).intoArray(y, yOff + i);
    }
    if (bound < n && bound > 0 && (x != y || xOff + n <= yOff || yOff + n <= xOff)) {
      VectorMath.exp(FloatVector.fromArray(S, x, xOff + n - V).sub(shift)).intoArray(y, yOff + n - V);
      return n;
    }
    return bound;
  }

  /** The largest of all n values, tail included (by Math.max, which gives one value in any order). */
  static float max(float[] x, int xOff, int n) {
    int bound = S.loopBound(n);
    float max = Float.NEGATIVE_INFINITY;
    if (bound > 0) {
      FloatVector m = FloatVector.fromArray(S, x, xOff);
      for (int i = V; i < bound; i += V) {
        m = m.max(FloatVector.fromArray(S, x, xOff + i));
      }
      max = m.reduceLanes(VectorOperators.MAX);
    }
    for (int i = bound; i < n; i++) {
      max = Math.max(max, x[xOff + i]);
    }
    return max;
  }

  /** {@link Kernels#hashBits}: the lanes side by side over the vector body, then the scalar tail's chains. */
  static int hashBits(float[] x, int xOff, int n) {
    int bound = S.loopBound(n);
    IntVector h = IntVector.zero(IntVector.SPECIES_PREFERRED);
    for (int i = 0; i < bound; i += V) {
      h = h.mul(31).add(FloatVector.fromArray(S, x, xOff + i).reinterpretAsInts());
    }
    return h.reduceLanes(VectorOperators.ADD) * 31 + Kernels.hashBitsScalar(x, xOff, n, bound);
  }

  static int sameBitsBound(int n) {
    return S.loopBound(n);
  }

  /** Whether the first n values (a multiple of the vector length) of x and y are the same bits. */
  static boolean sameBits(float[] x, int xOff, float[] y, int yOff, int n) {
    IntVector differ = IntVector.zero(IntVector.SPECIES_PREFERRED);
    for (int i = 0; i < n; i += V) {
      differ = differ.or(FloatVector.fromArray(S, x, xOff + i).reinterpretAsInts()
          .lanewise(VectorOperators.XOR, FloatVector.fromArray(S, y, yOff + i).reinterpretAsInts()));
    }
    return differ.reduceLanes(VectorOperators.OR) == 0;
  }

  static int scale(float[] x, int xOff, int n, float factor) {
    int bound = S.loopBound(n);
    for (int i = 0; i < bound; i += V) {
      FloatVector.fromArray(S, x, xOff + i).mul(factor).intoArray(x, xOff + i);
    }
    return bound;
  }

  static int sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
    int bound = S.loopBound(n);
    for (int i = 0; i < bound; i += V) {
      VectorMath.sigmoid(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
    }
    return bound;
  }

  static int sigmoidOfSum(float[] a, int aOff, float[] b, int bOff, float[] y, int yOff, int n) {
    int bound = S.loopBound(n);
    for (int i = 0; i < bound; i += V) {
      VectorMath.sigmoid(FloatVector.fromArray(S, a, aOff + i).add(FloatVector.fromArray(S, b, bOff + i)))
          .intoArray(y, yOff + i);
    }
    return bound;
  }

  static int tanh(float[] x, int xOff, float[] y, int yOff, int n) {
    int bound = S.loopBound(n);
    for (int i = 0; i < bound; i += V) {
      VectorMath.tanh(FloatVector.fromArray(S, x, xOff + i)).intoArray(y, yOff + i);
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
