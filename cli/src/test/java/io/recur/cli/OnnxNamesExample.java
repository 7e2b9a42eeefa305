package io.recur.cli;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.recur.io.Json;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The Java snippet of docs/onnx.md, kept here so a test runs it: labels of names from an exported names model. */
final class OnnxNamesExample {
  private OnnxNamesExample() {}

  @SuppressWarnings("unchecked")
  static List<String> labels(String onnxFile, List<String> names) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment();
    try (OrtSession session = env.createSession(onnxFile, new OrtSession.SessionOptions())) {
      Map<String, String> meta = session.getMetadata().getCustomMetadata();
      List<String> vocabulary = (List<String>) Json.read(meta.get("vocabulary"));
      List<String> classes = (List<String>) Json.read(meta.get("classes"));
      // the char tokenizer: one id per character, rows padded at the end; lengths say where each ends
      int steps = names.stream().mapToInt(String::length).max().orElse(0);
      long[] ids = new long[names.size() * steps];
      int[] lengths = new int[names.size()];
      for (int n = 0; n < names.size(); n++) {
        String name = names.get(n);
        lengths[n] = name.length();
        for (int t = 0; t < name.length(); t++) {
          ids[n * steps + t] = vocabulary.indexOf(String.valueOf(name.charAt(t)));
        }
      }
      try (OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {names.size(), steps});
          OnnxTensor length = OnnxTensor.createTensor(env, IntBuffer.wrap(lengths), new long[] {names.size()});
          OrtSession.Result result = session.run(Map.of("input", input, "lengths", length))) {
        float[][] scores = (float[][]) result.get("output").get().getValue();
        List<String> labels = new ArrayList<>();
        for (float[] row : scores) {
          int best = 0;
          for (int c = 1; c < row.length; c++) {
            best = row[c] > row[best] ? c : best;
          }
          labels.add(classes.get(best));
        }
        return labels;
      }
    }
  }
}
