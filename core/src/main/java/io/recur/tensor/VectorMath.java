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
 * The Vector API twins of {@link Kernels#exp(float)}, {@link Kernels#sigmoid(float)} and {@link
 * Kernels#tanh(float)}, lane by lane the same float operations in the same order (but for exp's
 * lanes beyond its clamp, which get the clamped result as a constant), so a vector body built from
 * them gives its scalar twin's bits. For the vectorised forms of fused kernels
 * outside core, such as the recurrent cells' gate math.
 *
 * <p>The functions stay flat (tanh and sigmoid call exp, nothing deeper): with one more level, a
 * helper for exp's inner part shared with tanh, Java 17's C2 ran the tanh kernel on boxed vectors
 * in every JVM, five times slower (docs/benchmarks.md).
 *
 * <p>Touch this class only when {@link Kernels#vectorApi()} is true: it needs {@code
 * jdk.incubator.vector} in the module graph. Callers keep their vector code in a class of its own
 * that only that branch loads, as {@link Kernels} does with its own vector bodies.
 */
public final class VectorMath {
  /** The species every vector kernel uses: the machine's preferred width. */
  public static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
  private static final VectorSpecies<Float> S = SPECIES;

  private VectorMath() {}

  /** e^x of the clamp's bounds, {@link Kernels#exp(float)}'s results for every x beyond them. */
  private static final float EXP_OF_LO = Kernels.exp(EXP_LO);
  private static final float EXP_OF_HI = Kernels.exp(EXP_HI);

  /**
   * {@link Kernels#exp(float)}'s bits. The scalar twin clamps x first; here the lanes beyond the
   * bounds get e^bound afterwards instead, which is the same result but keeps the two compares off
   * the polynomial's dependency chain: Java's min/max semantics (NaN, −0) cost six instructions
   * each in C2's code, and the clamp in front made the whole kernel 1.5× slower.
   */
  public static FloatVector exp(FloatVector x) {
    VectorMask<Float> low = x.compare(VectorOperators.LT, EXP_LO);
    VectorMask<Float> high = x.compare(VectorOperators.GT, EXP_HI);
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
    return y.mul(scale).blend(EXP_OF_LO, low).blend(EXP_OF_HI, high);
  }

  public static FloatVector sigmoid(FloatVector x) {
    return FloatVector.broadcast(S, 1f).div(exp(x.neg()).add(1f));
  }

  public static FloatVector tanh(FloatVector x) {
    FloatVector ax = x.abs();
    FloatVector z = x.mul(x);
    FloatVector p = FloatVector.broadcast(S, T0).fma(z, FloatVector.broadcast(S, T1));
    p = p.fma(z, FloatVector.broadcast(S, T2));
    p = p.fma(z, FloatVector.broadcast(S, T3));
    p = p.fma(z, FloatVector.broadcast(S, T4));
    FloatVector small = p.mul(z).fma(x, x);
    FloatVector t = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(exp(ax.add(ax)).add(1f)));
    // Math.copySign(t, x) as bits, without a mask: a compare-and-blend here was one of the mask
    // operations that Java 17's C2 sometimes left boxed in the array kernel
    FloatVector big = t.reinterpretAsInts().and(0x7fffffff).or(x.reinterpretAsInts().and(0x80000000))
        .reinterpretAsFloats();
    VectorMask<Float> isSmall = ax.compare(VectorOperators.LT, TANH_SMALL);
    return big.blend(small, isSmall);
  }
}
