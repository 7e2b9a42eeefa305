package io.recur.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * Float32 general matrix multiply, {@code C (+)= op(A) · op(B)}, on flat row-major arrays with
 * offsets and leading dimensions; {@code op} is the identity or the transpose.
 *
 * <p>Layout of the work (GotoBLAS/BLIS): for each {@code NC}-column block of C and each {@code
 * KC}-deep slice of k, B is packed into {@code NR}-column strips (L3/L2), then for each {@code
 * MC}-row block A is packed into {@code MR}-row strips (L2), and a register-tiled {@link
 * MicroKernel} computes each {@code MR × NR} tile of C with fused multiply-adds, the B strip
 * staying in L1 while it meets every A strip (edge strips of at most four rows take a four-row
 * kernel). Tiles are six rows high with AVX2's 16 vector registers and eight with AVX-512's 32.
 * For a narrow C ({@link #UNPACKED_A_MAX_COLUMNS}) the kernel reads A in place instead, since
 * packing it would cost more than it saves. The kernel is the Vector API one ({@link
 * VectorMicroKernel}) when {@code jdk.incubator.vector} is in the module graph ({@code
 * --add-modules jdk.incubator.vector}, as {@code bin/recur} and the test runner pass). Without
 * it, a scalar path runs loops shaped for C2's auto-vectoriser instead ({@link ScalarRows});
 * {@code -Drecur.vector=false} forces it.
 *
 * <p>Bits: every element of C is {@code c = fma(a[i,p], b[p,j], c)} for {@code p = 0 … k−1} in
 * order, from its old value ({@code accumulate}) or 0. Blocking, packing, the kernel and the
 * thread split change only where and when that chain runs, never its order, so the result is
 * the same bits with either kernel and on any number of threads. Products below {@link
 * #SMALL} multiply-adds skip packing (and skip zeros of A, which keeps one-hot inputs cheap).
 *
 * <p>EXPERIMENTAL (issue 7): public so that layers in other modules (and plugins) can use the
 * packed form; the blocking constants may change.
 *
 * <p>Threads: within a {@link Parallelism} scope, products of at least {@link #PARALLEL_MIN}
 * multiply-adds are split into one block of columns (or rows, when C is tall) per thread;
 * smaller ones stay on the calling thread, where a hand-off would cost more than it saves.
 */
public final class Gemm {
  /*
   * Block sizes, measured on the 2-core EPYC (Zen 3, AVX2) of issue 7: smaller A and B blocks
   * than the textbook L2/L3 fits won by 10-30% on large products, likely because the VM shares
   * its caches with neighbours. See docs/benchmarks.md.
   */
  /** Depth of a k slice: a packed {@code KC × NR} B strip (16 KiB with NR = 16) stays in L1. */
  static final int KC = 256;
  /**
   * Rows of a packed A block: {@code MC × KC} floats (64 KiB) stay in L2. 64 rather than 48
   * keeps a recurrent step's batch of 64 in one block, so each strip of W_hh is read once per
   * step, not twice (on the Zen 5, {@code classify} 2% and {@code charlm-small-infer} 3% faster).
   */
  static final int MC = 64;
  /** Columns of a packed B block, a multiple of every NR: {@code KC × NC} floats (1.5 MiB). */
  static final int NC = 1536;
  /**
   * At most this many columns in a block, A is read in place rather than packed: packing A
   * costs about as much as 64 columns of multiply-adds per element, so a narrow C (a weight
   * gradient with a small input, the logits of a small vocabulary) would spend most of its
   * time packing.
   */
  static final int UNPACKED_A_MAX_COLUMNS = 128;
  /** Below this many multiply-adds, no packing: the product is too small to repay it. */
  static final long SMALL = 16 * 1024;
  /** Below this many multiply-adds, one thread: a hand-off costs a few microseconds. */
  public static final long PARALLEL_MIN = 256 * 1024;

  private static final boolean VECTOR = detectVector();
  private static final Gemm DEFAULT = new Gemm(VECTOR ? newVectorKernel() : null);

  /** The register-tiled kernel, or null for the scalar path. */
  private final MicroKernel kernel;
  /** Row and column units of the partition: the kernel's tile, or the scalar path's blocks. */
  private final int mr;
  private final int nr;
  private final ThreadLocal<Scratch> scratch;

  /** The Vector API engine with {@code kernel}, or the scalar engine when it is null. */
  Gemm(MicroKernel kernel) {
    this.kernel = kernel;
    this.mr = kernel != null ? kernel.mr : ScalarRows.MR;
    this.nr = kernel != null ? kernel.nr : ScalarRows.NC;
    this.scratch = ThreadLocal.withInitial(() -> new Scratch(kernel, mr, nr));
  }

  /** The engine without the Vector API, for tests and measurements. */
  static Gemm scalar() {
    return new Gemm(null);
  }

  /**
   * Whether the Vector API kernels run: {@code jdk.incubator.vector} is in the module graph and
   * {@code -Drecur.vector=false} is not set. Decided once, at class initialisation.
   */
  static boolean vectorAvailable() {
    return VECTOR;
  }

  private static boolean detectVector() {
    if (!Boolean.parseBoolean(System.getProperty("recur.vector", "true"))
        || ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
      return false;
    }
    try {
      return newVectorKernel() != null;
    } catch (LinkageError e) {
      // NOTE: falls back rather than fails: a JVM whose vector module cannot load still multiplies
      return false;
    }
  }

  /**
   * The Vector API kernel for this CPU: eight-row tiles where the preferred vectors come with 32
   * registers (AVX-512), six-row ones otherwise. {@code -Drecur.tile.rows=6} or {@code 8} forces
   * one, for measurements; both give the same bits.
   */
  private static MicroKernel newVectorKernel() {
    String rows = System.getProperty("recur.tile.rows", "");
    return switch (rows) {
      case "6" -> new VectorMicroKernel();
      case "8" -> new VectorMicroKernel8();
      case "" -> VectorMicroKernel.wideRegisters() ? new VectorMicroKernel8() : new VectorMicroKernel();
      default -> throw new IllegalArgumentException("-Drecur.tile.rows=" + rows + ": expected 6 or 8");
    };
  }

  /** An engine on each Vector API kernel (six and eight rows), for tests; empty without the Vector API. */
  static List<Gemm> vectorEngines() {
    return VECTOR ? List.of(new Gemm(new VectorMicroKernel()), new Gemm(new VectorMicroKernel8())) : List.of();
  }

  /** The engine the static methods use (the vector kernel when available). */
  static Gemm standard() {
    return DEFAULT;
  }

  /** The micro-kernel in use, for benchmark reports: {@code vector-256}, {@code scalar}, …. */
  public static String kernelName() {
    return DEFAULT.name();
  }

  String name() {
    return kernel != null ? kernel.name() : "scalar";
  }

  /**
   * The float32 FMA peak of one thread now, in GFLOPS: the best of short runs of independent
   * vector fmas (issue 7's "loop of independent FMAs"), for putting a product's rate in
   * context on a shared, noisy machine. 0 without the Vector API.
   */
  public static double fmaPeakGflops(double seconds) {
    MicroKernel k = DEFAULT.kernel;
    if (k == null) {
      return 0;
    }
    float[] sink = new float[1];
    double best = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    do {
      long t0 = System.nanoTime();
      // short calls: the loop is compiled after a few, and the best of many sees a quiet moment
      long flops = k.fmaLoop(20_000, sink);
      best = Math.max(best, flops / ((System.nanoTime() - t0) / 1e9) / 1e9);
    } while (System.nanoTime() < end);
    return best;
  }

  /** Per-thread packing buffers, reused by every product on that thread. */
  private static final class Scratch {
    final float[] a;
    final float[] b;
    final float[] tile;
    /** The scalar path's B rows and accumulator rows (null on the vector path). */
    final float[][] rows;
    final float[][] acc;

    Scratch(MicroKernel kernel, int mr, int nr) {
      if (kernel != null) {
        // whole strips: a block's last strip is packed MR rows high even when fewer are left
        a = new float[(MC + mr - 1) / mr * mr * KC];
        b = new float[KC * NC];
        tile = new float[mr * nr];
        rows = null;
        acc = null;
      } else {
        a = null;
        b = null;
        tile = null;
        rows = new float[KC][ScalarRows.NC];
        acc = new float[ScalarRows.MR][ScalarRows.NC];
      }
    }
  }

  // ------------------------------------------------------------------ public entry points

  /**
   * {@code C[m,n] (+)= op(A)[m,k] · op(B)[k,n]}, where {@code op(A)[i,p]} is {@code a[aOff +
   * i·lda + p]}, or {@code a[aOff + p·lda + i]} with {@code transA}, and likewise for B. With
   * {@code accumulate=false} C's old values are ignored (overwritten). C must not overlap A or
   * B.
   */
  public static void multiply(boolean transA, boolean transB, int m, int n, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
      float[] c, int cOff, int ldc, boolean accumulate) {
    DEFAULT.gemm(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
  }

  /**
   * Packs {@code op(B)[k,n]} once for many products with the same right-hand side (the
   * recurrent weight, used at every time step): {@link #multiply(boolean, int, float[], int,
   * int, Packed, float[], int, int, boolean)} then skips the packing.
   */
  public static Packed pack(boolean transB, int k, int n, float[] b, int bOff, int ldb) {
    return DEFAULT.packB(transB, k, n, b, bOff, ldb, null);
  }

  /**
   * Like {@link #pack(boolean, int, int, float[], int, int)} but reuses {@code reuse}'s buffer
   * when it is large enough (e.g. a layer repacking its weight for each batch).
   */
  public static Packed pack(boolean transB, int k, int n, float[] b, int bOff, int ldb, Packed reuse) {
    return DEFAULT.packB(transB, k, n, b, bOff, ldb, reuse);
  }

  /** {@code C[m,n] (+)= op(A)[m,k] · B} with B packed by {@link #pack}; same bits as the unpacked product. */
  public static void multiply(boolean transA, int m, float[] a, int aOff, int lda, Packed b,
      float[] c, int cOff, int ldc, boolean accumulate) {
    DEFAULT.gemmPacked(transA, m, a, aOff, lda, b, c, cOff, ldc, accumulate);
  }

  /**
   * A right-hand side packed for one engine: the vector path's column strips ({@code data}), or
   * the scalar path's rows per column block ({@code rows[block][p]}). Immutable once built.
   */
  public static final class Packed {
    final int k;
    final int n;
    final int nr;
    final float[] data;
    final float[][][] rows;

    Packed(int k, int n, int nr, float[] data, float[][][] rows) {
      this.k = k;
      this.n = n;
      this.nr = nr;
      this.data = data;
      this.rows = rows;
    }

    public int rows() {
      return k;
    }

    public int columns() {
      return n;
    }
  }

  // ------------------------------------------------------------------ driver

  void gemm(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    if (m <= 0 || n <= 0) {
      return;
    }
    if (k <= 0) {
      if (!accumulate) {
        for (int i = 0; i < m; i++) {
          Arrays.fill(c, cOff + i * ldc, cOff + i * ldc + n, 0f);
        }
      }
      return;
    }
    long macs = (long) m * n * k;
    if (macs < SMALL) {
      small(transA, transB, m, n, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      return;
    }
    split(m, n, macs, (i0, i1, j0, j1) -> {
      if (kernel == null) {
        ScalarRows.blocked(transA, transB, i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, null, c, cOff, ldc,
            accumulate, scratch.get().rows, scratch.get().acc);
      } else {
        blocked(transA, transB, i0, i1, j0, j1, k, a, aOff, lda, b, bOff, ldb, c, cOff, ldc, accumulate);
      }
    });
  }

  void gemmPacked(boolean transA, int m, float[] a, int aOff, int lda, Packed b,
      float[] c, int cOff, int ldc, boolean accumulate) {
    if (b.nr != nr) {
      throw new IllegalArgumentException("packed for strips of " + b.nr + " columns, kernel uses " + nr);
    }
    int n = b.n;
    int k = b.k;
    if (m <= 0 || n <= 0) {
      return;
    }
    if (k <= 0) {
      gemm(transA, false, m, n, 0, a, aOff, lda, null, 0, 0, c, cOff, ldc, accumulate);
      return;
    }
    split(m, n, (long) m * n * k, (i0, i1, j0, j1) -> {
      if (kernel == null) {
        ScalarRows.blocked(transA, false, i0, i1, j0, j1, k, a, aOff, lda, null, 0, 0, b, c, cOff, ldc,
            accumulate, scratch.get().rows, scratch.get().acc);
      } else {
        blockedPacked(transA, i0, i1, j0, j1, k, a, aOff, lda, b, c, cOff, ldc, accumulate);
      }
    });
  }

  private interface Block {
    void run(int i0, int i1, int j0, int j1);
  }

  /**
   * The fixed partition: one block per thread, by column strips when C is at least as wide as
   * tall, else by row strips. Which thread runs which block cannot change any bit (see the
   * class comment), so the partition may depend on the thread count.
   */
  private void split(int m, int n, long macs, Block block) {
    int threads = macs >= PARALLEL_MIN ? Parallelism.current() : 1;
    if (threads == 1) {
      block.run(0, m, 0, n);
      return;
    }
    boolean byColumns = n >= m;
    int unit = byColumns ? nr : mr;
    int units = ((byColumns ? n : m) + unit - 1) / unit;
    int parts = Math.min(threads, units);
    if (parts <= 1) {
      block.run(0, m, 0, n);
      return;
    }
    Parallelism.forEach(parts, t -> {
      int from = Math.min(units * t / parts * unit, byColumns ? n : m);
      int to = Math.min(units * (t + 1) / parts * unit, byColumns ? n : m);
      if (from < to) {
        if (byColumns) {
          block.run(0, m, from, to);
        } else {
          block.run(from, to, 0, n);
        }
      }
    });
  }

  /** Rows {@code [i0, i1)} × columns {@code [j0, j1)} of C; {@code j0} is a multiple of NR. */
  private void blocked(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    Scratch s = scratch.get();
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      for (int pc = 0; pc < k; pc += KC) {
        int kc = Math.min(KC, k - pc);
        packB(transB, b, bOff, ldb, pc, kc, jc, nc, s.b, 0);
        rowBlocks(transA, i0, i1, pc, kc, nc, a, aOff, lda, s.b, 0, c, cOff + jc, ldc, accumulate || pc > 0, s);
      }
    }
  }

  /**
   * Like {@link #blocked} for a B packed beforehand: with no B block to pack per column block,
   * each block of A is packed once and meets all of B's columns (a column-block loop outside
   * would pack it again for every {@code NC} columns: twice per step for a 512-unit lstm's
   * 2,048 gate columns).
   */
  private void blockedPacked(boolean transA, int i0, int i1, int j0, int j1, int k, float[] a, int aOff, int lda,
      Packed packed, float[] c, int cOff, int ldc, boolean accumulate) {
    Scratch s = scratch.get();
    int strips = (packed.n + nr - 1) / nr;
    for (int pc = 0; pc < k; pc += KC) {
      int kc = Math.min(KC, k - pc);
      int bo = pc * strips * nr + (j0 / nr) * kc * nr;
      rowBlocks(transA, i0, i1, pc, kc, j1 - j0, a, aOff, lda, packed.data, bo, c, cOff + j0, ldc,
          accumulate || pc > 0, s);
    }
  }

  /**
   * Rows {@code [i0, i1)} of one k slice against {@code nc} columns of packed B at {@code
   * bp[bo]} ({@code c[cOff]} is the block's column 0 of row 0): MC rows at a time, A packed, or
   * read in place when C is narrow.
   */
  private void rowBlocks(boolean transA, int i0, int i1, int pc, int kc, int nc, float[] a, int aOff, int lda,
      float[] bp, int bo, float[] c, int cOff, int ldc, boolean load, Scratch s) {
    boolean inPlace = nc <= UNPACKED_A_MAX_COLUMNS;
    for (int ic = i0; ic < i1; ic += MC) {
      int mc = Math.min(MC, i1 - ic);
      if (inPlace) {
        macroInPlace(transA, a, aOff, lda, ic, mc, pc, kc, nc, bp, bo, c, cOff + ic * ldc, ldc, load, s);
      } else {
        packA(transA, a, aOff, lda, ic, mc, pc, kc, s.a);
        macro(kc, mc, nc, s.a, bp, bo, c, cOff + ic * ldc, ldc, load, s.tile);
      }
    }
  }

  /** Every tile of an {@code mc × nc} block of C from packed A and packed B. */
  private void macro(int kc, int mc, int nc, float[] ap, float[] bp, int bOff, float[] c, int cOff, int ldc,
      boolean load, float[] tile) {
    for (int jr = 0; jr < nc; jr += nr) {
      int nrr = Math.min(nr, nc - jr);
      int bo = bOff + (jr / nr) * kc * nr;
      int ao = 0;
      for (int ir = 0, mrr; ir < mc; ir += mrr, ao += kc * mr) {
        mrr = stripRows(mc - ir);
        int co = cOff + ir * ldc + jr;
        if (mrr == mr && nrr == nr) {
          kernel.tile(kc, ap, ao, bp, bo, c, co, ldc, load);
        } else {
          edgeTile(kc, ap, ao, bp, bo, c, co, ldc, load, tile, mrr, nrr);
        }
      }
    }
  }

  /**
   * Like {@link #macro} with A read in place for full row strips (a row-edge strip is packed
   * into scratch, so no tile reads past A).
   */
  private void macroInPlace(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, int nc,
      float[] bp, int bOff, float[] c, int cOff, int ldc, boolean load, Scratch s) {
    for (int ir = 0, mrr; ir < mc; ir += mrr) {
      mrr = stripRows(mc - ir);
      int a0 = transA ? aOff + pc * lda + ic + ir : aOff + (ic + ir) * lda + pc;
      if (mrr < mr) {
        packA(transA, a, aOff, lda, ic + ir, mrr, pc, kc, s.a);
      }
      for (int jr = 0; jr < nc; jr += nr) {
        int nrr = Math.min(nr, nc - jr);
        int bo = bOff + (jr / nr) * kc * nr;
        int co = cOff + ir * ldc + jr;
        if (mrr < mr) {
          edgeTile(kc, s.a, 0, bp, bo, c, co, ldc, load, s.tile, mrr, nrr);
        } else if (nrr == nr) {
          kernel.tileUnpacked(kc, a, a0, lda, transA, bp, bo, c, co, ldc, load);
        } else if (nrr == nr / 2) {
          kernel.tileUnpackedHalf(kc, a, a0, lda, transA, bp, bo, c, co, ldc, load);
        } else if (nrr <= EDGE_COLUMNS_SCALAR && mr == 8 && !transA) {
          edgeColumns8(kc, a, a0, lda, bp, bo, c, co, ldc, load, nrr);
        } else {
          float[] tile = s.tile;
          if (load) {
            for (int r = 0; r < mr; r++) {
              System.arraycopy(c, co + r * ldc, tile, r * nr, nrr);
            }
          }
          if (nrr < nr / 2) {
            kernel.tileUnpackedHalf(kc, a, a0, lda, transA, bp, bo, tile, 0, nr, load);
          } else {
            kernel.tileUnpacked(kc, a, a0, lda, transA, bp, bo, tile, 0, nr, load);
          }
          for (int r = 0; r < mr; r++) {
            System.arraycopy(tile, r * nr, c, co + r * ldc, nrr);
          }
        }
      }
    }
  }

  /**
   * At most this many columns at a column edge go through {@link #edgeColumns8} (A's rows in
   * place) rather than the half-width tile, which costs nearly a whole strip's time for one
   * column: the 65-class output layer's [3200, 128] · [128, 65]ᵀ took 378 µs against 256 µs for
   * 64 columns, 351 µs with the scalar chains. Two columns are faster in the half tile.
   */
  static final int EDGE_COLUMNS_SCALAR = 1;

  /**
   * A column edge of {@code cols} columns for a strip of eight rows of A read in place along
   * its rows ({@code a[i, p] = a[a0 + i·lda + p]}): per column, the eight rows' fma chains
   * over p side by side in scalar registers, so that the fma's latency does not serialise them
   * (sixteen rows spilled and ran slower). Each element is the contract's chain, {@code c =
   * fma(a[i,p], b[p,j], c)} in order of p.
   */
  private void edgeColumns8(int kc, float[] a, int a0, int lda, float[] bp, int bo, float[] c, int co, int ldc,
      boolean load, int cols) {
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    int a5 = a4 + lda;
    int a6 = a5 + lda;
    int a7 = a6 + lda;
    for (int j = 0; j < cols; j++) {
      int cj = co + j;
      float c0 = load ? c[cj] : 0f;
      float c1 = load ? c[cj + ldc] : 0f;
      float c2 = load ? c[cj + 2 * ldc] : 0f;
      float c3 = load ? c[cj + 3 * ldc] : 0f;
      float c4 = load ? c[cj + 4 * ldc] : 0f;
      float c5 = load ? c[cj + 5 * ldc] : 0f;
      float c6 = load ? c[cj + 6 * ldc] : 0f;
      float c7 = load ? c[cj + 7 * ldc] : 0f;
      for (int p = 0, b = bo + j; p < kc; p++, b += nr) {
        float bv = bp[b];
        c0 = Math.fma(a[a0 + p], bv, c0);
        c1 = Math.fma(a[a1 + p], bv, c1);
        c2 = Math.fma(a[a2 + p], bv, c2);
        c3 = Math.fma(a[a3 + p], bv, c3);
        c4 = Math.fma(a[a4 + p], bv, c4);
        c5 = Math.fma(a[a5 + p], bv, c5);
        c6 = Math.fma(a[a6 + p], bv, c6);
        c7 = Math.fma(a[a7 + p], bv, c7);
      }
      c[cj] = c0;
      c[cj + ldc] = c1;
      c[cj + 2 * ldc] = c2;
      c[cj + 3 * ldc] = c3;
      c[cj + 4 * ldc] = c4;
      c[cj + 5 * ldc] = c5;
      c[cj + 6 * ldc] = c6;
      c[cj + 7 * ldc] = c7;
    }
  }

  /**
   * Rows of the next strip of A when {@code remaining} rows are left: MR, except that the last
   * seven or eight rows go as four and three or four, which the four-row kernel takes (two
   * four-row tiles cost about 1.3 full ones, where a full tile plus a four-row tile for one or
   * two rows cost 1.7; this is the recurrent step's batch of 32 = 4 × 6 + 2 × 4).
   */
  private int stripRows(int remaining) {
    if (mr == 6 && (remaining == 7 || remaining == 8)) {
      return 4;
    }
    return Math.min(mr, remaining);
  }

  /**
   * An edge tile: the kernel on a scratch tile, then only the valid part copied back; at most
   * four rows take the four-row kernel (straight into C when the tile is otherwise full).
   */
  private void edgeTile(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc, boolean load,
      float[] tile, int mrr, int nrr) {
    boolean four = mrr <= 4 && mr >= 4;
    if (four && mrr == 4 && nrr == nr) {
      kernel.tile4(kc, ap, ao, bp, bo, c, co, ldc, load);
      return;
    }
    if (load) {
      for (int r = 0; r < mrr; r++) {
        System.arraycopy(c, co + r * ldc, tile, r * nr, nrr);
      }
    }
    if (four) {
      kernel.tile4(kc, ap, ao, bp, bo, tile, 0, nr, load);
    } else {
      kernel.tile(kc, ap, ao, bp, bo, tile, 0, nr, load);
    }
    for (int r = 0; r < mrr; r++) {
      System.arraycopy(tile, r * nr, c, co + r * ldc, nrr);
    }
  }

  /** Packs op(A)[ic..ic+mc, pc..pc+kc] into MR-row strips: strip s, step p at {@code s·kc·MR + p·MR}. */
  private void packA(boolean transA, float[] a, int aOff, int lda, int ic, int mc, int pc, int kc, float[] dst) {
    for (int ir = 0, rows, base = 0; ir < mc; ir += rows, base += kc * mr) {
      rows = stripRows(mc - ir);
      if (rows == 6 && mr == 6) {
        if (transA) {
          packA6Transposed(a, aOff + pc * lda + ic + ir, lda, kc, dst, base);
        } else {
          packA6(a, aOff + (ic + ir) * lda + pc, lda, kc, dst, base);
        }
        continue;
      }
      if (rows == 8 && mr == 8) {
        if (transA) {
          packA8Transposed(a, aOff + pc * lda + ic + ir, lda, kc, dst, base);
        } else {
          interleave8(a, aOff + (ic + ir) * lda + pc, lda, kc, dst, base, 8);
        }
        continue;
      }
      for (int p = 0; p < kc; p++) {
        int d = base + p * mr;
        for (int r = 0; r < rows; r++) {
          dst[d + r] = transA ? a[aOff + (pc + p) * lda + ic + ir + r] : a[aOff + (ic + ir + r) * lda + pc + p];
        }
        for (int r = rows; r < mr; r++) {
          dst[d + r] = 0f;
        }
      }
    }
  }

  /**
   * Six rows of A, unrolled, with indices affine in p so C2 drops the bounds checks: about 6×
   * faster than the generic loop, which made packing a sixth of a 512³ product.
   */
  private static void packA6(float[] a, int src, int lda, int kc, float[] dst, int base) {
    int a0 = src;
    int a1 = a0 + lda;
    int a2 = a1 + lda;
    int a3 = a2 + lda;
    int a4 = a3 + lda;
    int a5 = a4 + lda;
    for (int p = 0; p < kc; p++) {
      int d = base + p * 6;
      dst[d] = a[a0 + p];
      dst[d + 1] = a[a1 + p];
      dst[d + 2] = a[a2 + p];
      dst[d + 3] = a[a3 + p];
      dst[d + 4] = a[a4 + p];
      dst[d + 5] = a[a5 + p];
    }
  }

  /** Eight columns of a transposed A, like {@link #packA6Transposed}. */
  private static void packA8Transposed(float[] a, int src, int lda, int kc, float[] dst, int base) {
    for (int p = 0; p < kc; p++) {
      int d = base + p * 8;
      int s = src + p * lda;
      dst[d] = a[s];
      dst[d + 1] = a[s + 1];
      dst[d + 2] = a[s + 2];
      dst[d + 3] = a[s + 3];
      dst[d + 4] = a[s + 4];
      dst[d + 5] = a[s + 5];
      dst[d + 6] = a[s + 6];
      dst[d + 7] = a[s + 7];
    }
  }

  /** Six columns of a transposed A (six consecutive values of each row of the stored matrix). */
  private static void packA6Transposed(float[] a, int src, int lda, int kc, float[] dst, int base) {
    for (int p = 0; p < kc; p++) {
      int d = base + p * 6;
      int s = src + p * lda;
      dst[d] = a[s];
      dst[d + 1] = a[s + 1];
      dst[d + 2] = a[s + 2];
      dst[d + 3] = a[s + 3];
      dst[d + 4] = a[s + 4];
      dst[d + 5] = a[s + 5];
    }
  }

  /** Packs op(B)[pc..pc+kc, jc..jc+nc] into NR-column strips: strip s, step p at {@code off + s·kc·NR + p·NR}. */
  private void packB(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc, float[] dst, int off) {
    for (int jr = 0; jr < nc; jr += nr) {
      int base = off + (jr / nr) * kc * nr;
      int cols = Math.min(nr, nc - jr);
      if (transB && cols == nr && nr % 8 == 0) {
        for (int j = 0; j < nr; j += 8) {
          interleave8(b, bOff + (jc + jr + j) * ldb + pc, ldb, kc, dst, base + j, nr);
        }
      } else if (transB) {
        for (int j = 0; j < nr; j++) {
          if (j < cols) {
            int src = bOff + (jc + jr + j) * ldb + pc;
            for (int p = 0; p < kc; p++) {
              dst[base + p * nr + j] = b[src + p];
            }
          } else {
            for (int p = 0; p < kc; p++) {
              dst[base + p * nr + j] = 0f;
            }
          }
        }
      } else {
        if (cols == nr) {
          int src = bOff + pc * ldb + jc + jr;
          for (int p = 0; p < kc; p++) {
            kernel.copyStrip(b, src + p * ldb, dst, base + p * nr);
          }
          continue;
        }
        for (int p = 0; p < kc; p++) {
          int d = base + p * nr;
          System.arraycopy(b, bOff + (pc + p) * ldb + jc + jr, dst, d, cols);
          Arrays.fill(dst, d + cols, d + nr, 0f);
        }
      }
    }
  }

  /**
   * Eight rows of a stored matrix, {@code kc} values each from {@code src} on (row stride {@code
   * ld}), interleaved: step p's eight values at {@code dst[d + p·stride]}. A strip of A (stride
   * 8) and eight columns of a strip of a transposed B (stride NR) are both this; eight reading
   * streams and one short run of writes per step, with indices affine in p so C2 drops the
   * bounds checks (a column at a time wrote every value of B to another cache line: this is a
   * third faster on a 512 × 2,048 weight).
   */
  private static void interleave8(float[] x, int src, int ld, int kc, float[] dst, int d, int stride) {
    int s0 = src;
    int s1 = s0 + ld;
    int s2 = s1 + ld;
    int s3 = s2 + ld;
    int s4 = s3 + ld;
    int s5 = s4 + ld;
    int s6 = s5 + ld;
    int s7 = s6 + ld;
    for (int p = 0; p < kc; p++, d += stride) {
      dst[d] = x[s0 + p];
      dst[d + 1] = x[s1 + p];
      dst[d + 2] = x[s2 + p];
      dst[d + 3] = x[s3 + p];
      dst[d + 4] = x[s4 + p];
      dst[d + 5] = x[s5 + p];
      dst[d + 6] = x[s6 + p];
      dst[d + 7] = x[s7 + p];
    }
  }

  Packed packB(boolean transB, int k, int n, float[] b, int bOff, int ldb, Packed reuse) {
    if (kernel == null) {
      return ScalarRows.pack(transB, k, n, b, bOff, ldb, reuse);
    }
    int strips = (n + nr - 1) / nr;
    int size = strips * nr * Math.max(k, 0);
    float[] data = reuse != null && reuse.nr == nr && reuse.data.length >= size ? reuse.data : new float[size];
    // a large weight (a 512-unit lstm's 1 Mi floats, packed at every forward and backward) is
    // packed by every thread, a range of strips each, rather than by the caller while the others wait
    int parts = (long) k * n >= PARALLEL_MIN ? Math.min(Parallelism.current(), strips) : 1;
    Parallelism.forEach(parts, t -> {
      int s0 = strips * t / parts;
      int s1 = strips * (t + 1) / parts;
      int j0 = s0 * nr;
      int j1 = Math.min(n, s1 * nr);
      for (int pc = 0; pc < k && j0 < j1; pc += KC) {
        int kc = Math.min(KC, k - pc);
        packB(transB, b, bOff, ldb, pc, kc, j0, j1 - j0, data, pc * strips * nr + s0 * kc * nr);
      }
    });
    return new Packed(k, n, nr, data, null);
  }

  /**
   * Unpacked product for small sizes, with the same per-element fma chain. Zeros of A are
   * skipped: fma(0, b, c) = c for finite b, and one-hot inputs are mostly zeros.
   */
  private static void small(boolean transA, boolean transB, int m, int n, int k, float[] a, int aOff, int lda,
      float[] b, int bOff, int ldb, float[] c, int cOff, int ldc, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * ldc;
      if (!accumulate) {
        Arrays.fill(c, ci, ci + n, 0f);
      }
      if (!transB) {
        for (int p = 0; p < k; p++) {
          float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
          if (av == 0f) {
            continue;
          }
          int bp = bOff + p * ldb;
          for (int j = 0; j < n; j++) {
            c[ci + j] = Math.fma(av, b[bp + j], c[ci + j]);
          }
        }
      } else {
        for (int j = 0; j < n; j++) {
          float s = c[ci + j];
          int bj = bOff + j * ldb;
          for (int p = 0; p < k; p++) {
            float av = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
            if (av != 0f) {
              s = Math.fma(av, b[bj + p], s);
            }
          }
          c[ci + j] = s;
        }
      }
    }
  }
}
