package io.recur.io;

import io.recur.spi.RecurException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The safetensors dtypes Recur can read as float32 input values. Weights are F32 only (a silent
 * narrowing of a checkpoint would be a surprise); inputs to {@code recur predict} may come as
 * PyTorch keeps them: token ids and lengths as int64, features as float64, float16 or bfloat16.
 */
enum SafetensorsDType {
  F32(4), F64(8), F16(2), BF16(2), I64(8), I32(4), I16(2), I8(1), U8(1), BOOL(1);

  /** Integers above this magnitude lose their last digits in float32 (its 24-bit significand). */
  private static final long EXACT_INTEGER_LIMIT = 1L << 24;

  final int bytes;

  SafetensorsDType(int bytes) {
    this.bytes = bytes;
  }

  /** The dtype a header names, or null when Recur does not know it. */
  static SafetensorsDType of(Object name) {
    return Arrays.stream(values()).filter(d -> d.name().equals(name)).findFirst().orElse(null);
  }

  static String names() {
    return String.join(", ", Arrays.stream(values()).map(Enum::name).toList());
  }

  /**
   * Reads {@code out.length} values of this dtype from {@code in} (little-endian) into {@code out}.
   *
   * @throws RecurException when an integer cannot be held exactly by float32
   */
  void read(ByteBuffer in, float[] out, String where) {
    for (int i = 0; i < out.length; i++) {
      out[i] = switch (this) {
        case F32 -> in.getFloat();
        case F64 -> (float) in.getDouble();
        case F16 -> halfToFloat(in.getShort());
        case BF16 -> Float.intBitsToFloat((in.getShort() & 0xffff) << 16);
        case I64 -> exact(in.getLong(), i, where);
        case I32 -> exact(in.getInt(), i, where);
        case I16 -> in.getShort();
        case I8 -> in.get();
        case U8 -> in.get() & 0xff;
        case BOOL -> in.get() != 0 ? 1f : 0f;
      };
    }
  }

  /** IEEE 754 binary16 to float32, exactly (Java 17 has no Float.float16ToFloat). */
  static float halfToFloat(short half) {
    int bits = half & 0xffff;
    int sign = (bits & 0x8000) << 16;
    int exponent = (bits >>> 10) & 0x1f;
    int mantissa = bits & 0x3ff;
    if (exponent == 0x1f) {
      return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13)); // infinity or NaN
    }
    if (exponent == 0) {
      float v = mantissa * 0x1p-24f; // zero or subnormal: mantissa units of 2^-24
      return sign != 0 ? -v : v;
    }
    return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
  }

  private static float exact(long v, int index, String where) {
    if (Math.abs(v) > EXACT_INTEGER_LIMIT) {
      throw new RecurException(where + ": value " + v + " at index " + index + " is beyond ±2^24, where float32,"
          + " which Recur computes in, can no longer hold every integer");
    }
    return v;
  }
}
