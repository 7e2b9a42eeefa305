package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.recur.model.Contexts;
import io.recur.model.Model;
import io.recur.run.SavedModel;
import io.recur.spi.StatefulLayer;
import io.recur.tensor.Tensor;
import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Runs an exported ONNX model in ONNX Runtime and Recur's own forward on the same padded batch,
 * and compares {@code output}, {@code h_n} and {@code c_n}.
 */
final class OnnxParity {
  private OnnxParity() {}

  /** One padded batch: inputs as Recur takes them (ids as floats) and each row's length. */
  record Batch(Tensor input, int[] lengths, boolean ids) {}

  /**
   * A batch of {@code rows} rows of {@code steps} steps; row lengths run from {@code steps} down to 1.
   *
   * @param vocabulary > 0 for token ids in [1, vocabulary), with id 0 closing each shorter row (an
   *     encoder–decoder's source end); 0 for N(0, 1) features of {@code features}
   */
  static Batch batch(Random random, int rows, int steps, int vocabulary, int features) {
    int[] lengths = new int[rows];
    for (int r = 0; r < rows; r++) {
      lengths[r] = Math.max(1, steps - r * Math.max(1, steps / rows));
    }
    if (vocabulary > 0) {
      float[] ids = new float[rows * steps];
      for (int r = 0; r < rows; r++) {
        for (int t = 0; t < steps; t++) {
          ids[r * steps + t] = t == lengths[r] ? 0 : 1 + random.nextInt(Math.max(1, vocabulary - 1));
        }
      }
      return new Batch(Tensor.of(ids, rows, steps), lengths, true);
    }
    float[] x = new float[rows * steps * features];
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) random.nextGaussian();
    }
    return new Batch(Tensor.of(x, rows, steps, features), lengths, false);
  }

  /** {@code [N, T]} with 1 for each row's real steps. */
  static Tensor mask(int[] lengths, int steps) {
    float[] m = new float[lengths.length * steps];
    for (int r = 0; r < lengths.length; r++) {
      Arrays.fill(m, r * steps, r * steps + lengths[r], 1f);
    }
    return Tensor.of(m, lengths.length, steps);
  }

  /** Recur's outputs by the graph's output names. */
  static Map<String, Tensor> recur(SavedModel.Loaded loaded, Batch batch, boolean masked) {
    Model m = loaded.blueprint().build();
    Tensor y = m.forward(batch.input(), Contexts.evaluation(masked ? mask(batch.lengths(), batch.input().dim(1)) : null));
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("output", y.detach());
    var layers = m.layers();
    if (layers.get(layers.size() - 1).layer() instanceof StatefulLayer last) {
      out.putAll(last.finalStates());
    }
    return out;
  }

  /** ONNX Runtime's outputs as Recur tensors. */
  static Map<String, Tensor> onnx(Path file, Batch batch) throws OrtException {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    int[] shape = batch.input().shape();
    long[] dims = Arrays.stream(shape).asLongStream().toArray();
    Map<String, Tensor> out = new LinkedHashMap<>();
    try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
        OnnxTensor input = batch.ids()
            ? OnnxTensor.createTensor(env, LongBuffer.wrap(toLongs(batch.input().data())), dims)
            : OnnxTensor.createTensor(env, FloatBuffer.wrap(batch.input().data()), dims);
        OnnxTensor lengths = OnnxTensor.createTensor(env, IntBuffer.wrap(batch.lengths()),
            new long[] {batch.lengths().length});
        OrtSession.Result result = session.run(Map.of("input", input, "lengths", lengths))) {
      for (Map.Entry<String, ai.onnxruntime.OnnxValue> e : result) {
        OnnxTensor t = (OnnxTensor) e.getValue();
        FloatBuffer b = t.getFloatBuffer();
        float[] data = new float[b.remaining()];
        b.get(data);
        int[] s = Arrays.stream(t.getInfo().getShape()).mapToInt(v -> (int) v).toArray();
        out.put(e.getKey(), Tensor.of(data, s));
      }
    }
    return out;
  }

  private static long[] toLongs(float[] ids) {
    long[] l = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      l[i] = (long) ids[i];
    }
    return l;
  }

  /** Every output Recur gives is in ONNX's, same shape, within {@code tolerance}. */
  static void assertSame(Map<String, Tensor> expected, Map<String, Tensor> actual, double tolerance, String what) {
    assertEquals(expected.keySet(), actual.keySet(), what + ": outputs");
    for (String key : expected.keySet()) {
      Tensor e = expected.get(key);
      Tensor a = actual.get(key);
      assertArrayEquals(e.shape(), a.shape(), what + ": shape of " + key);
      double worst = 0;
      int at = -1;
      for (int i = 0; i < e.size(); i++) {
        double d = Math.abs(e.data()[i] - a.data()[i]);
        if (!(d <= worst)) {
          worst = d;
          at = i;
        }
      }
      double w = worst;
      int where = at;
      assertTrue(worst <= tolerance, () -> what + ": " + key + " differs by " + w + " at " + where + " (recur "
          + e.data()[where] + ", onnx " + a.data()[where] + ")");
    }
  }
}
