package io.recur.tensor;

import java.util.Arrays;

/** Helpers for shapes, which are plain {@code int[]}s (row-major, batch first). */
public final class Shape {
  private Shape() {}

  public static int size(int... shape) {
    long n = 1;
    for (int d : shape) {
      if (d < 0) {
        throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
      }
      n = n > Integer.MAX_VALUE ? n : n * d;
    }
    if (n > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds more than 2^31 elements");
    }
    return (int) n;
  }

  public static String toString(int... shape) {
    return Arrays.toString(shape);
  }

  /** The shape without its first (batch) dimension. */
  public static int[] perSample(int... shape) {
    return Arrays.copyOfRange(shape, 1, shape.length);
  }

  /** {@code batch} prepended to a per-sample shape. */
  public static int[] batched(int batch, int... sampleShape) {
    int[] out = new int[sampleShape.length + 1];
    out[0] = batch;
    System.arraycopy(sampleShape, 0, out, 1, sampleShape.length);
    return out;
  }

  public static int last(int... shape) {
    return shape[shape.length - 1];
  }
}
