package io.recur.cli;

import io.recur.export.onnx.OnnxExporter;
import io.recur.registry.Registry;
import io.recur.spi.RecurException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code recur export}: a saved model in another format; for now ONNX (docs/onnx.md). */
@Command(name = "export", mixinStandardHelpOptions = true,
    description = "Export a saved model as an ONNX graph whose recurrent layers are ONNX LSTM, GRU and RNN operators"
        + " (docs/onnx.md).")
final class ExportCommand implements Callable<Integer> {
  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "A saved model directory (RUN_DIR/model).")
  Path modelDir;

  @Option(names = "--format", required = true, paramLabel = "FORMAT", description = "The format to write: onnx.")
  String format;

  @Option(names = "--output", required = true, paramLabel = "FILE", description = "The file to write (model.onnx).")
  Path output;

  @Option(names = "--opset", paramLabel = "N", defaultValue = "" + OnnxExporter.DEFAULT_OPSET,
      description = "The ONNX opset to target, " + OnnxExporter.MIN_OPSET + " to " + OnnxExporter.MAX_OPSET
          + " (default: ${DEFAULT-VALUE}).")
  int opset;

  @Mixin
  CommonOptions common;

  @Override
  public Integer call() {
    if (!"onnx".equals(format)) {
      throw new RecurException("--format: expected onnx, got '" + format + "'");
    }
    Registry registry = common.registry();
    common.checkPluginJars(modelDir, registry);
    new OnnxExporter().write(modelDir, registry, opset, output);
    spec.commandLine().getOut().println("wrote " + output);
    return Main.OK;
  }
}
