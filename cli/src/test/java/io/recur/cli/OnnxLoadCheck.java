package io.recur.cli;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

/** Loads each ONNX file given with ONNX Runtime's warnings on; run in a child JVM by {@link OnnxExportTest}. */
public final class OnnxLoadCheck {
  private OnnxLoadCheck() {}

  public static void main(String[] args) throws Exception {
    OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING, "load-check");
    for (String file : args) {
      try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
        options.setSessionLogLevel(OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING);
        try (OrtSession s = env.createSession(file, options)) {
          System.out.println("loaded " + file);
        }
      }
    }
  }
}
