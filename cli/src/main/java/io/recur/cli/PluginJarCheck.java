package io.recur.cli;

import io.recur.plugin.PluginProvenance;
import io.recur.registry.Registry;
import io.recur.run.SavedModel;
import io.recur.spi.RecurException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Compares the plugin jars a saved model records (name and SHA-256) with the jars its types come
 * from now. A rebuilt plugin may compute something else under the same type names, and the
 * weights would then be read by code they were not trained with; without a word, predictions
 * could silently change. So a difference is a warning on stderr, or, under {@code
 * --strict-plugins}, a refusal (exit 2).
 */
final class PluginJarCheck {
  private PluginJarCheck() {}

  /**
   * @param err where warnings go
   * @throws RecurException under {@code strict}, naming the first differing jar and both digests
   */
  static void check(Path modelDir, Registry registry, boolean strict, PrintWriter err) {
    List<PluginProvenance.JarMismatch> mismatches = SavedModel.pluginJarMismatches(modelDir, registry);
    String file = modelDir.resolve(SavedModel.MODEL_YAML).toString();
    for (PluginProvenance.JarMismatch m : mismatches) {
      if (strict) {
        throw new RecurException(m.describe(file) + "; refused under --strict-plugins: give the jar the model was "
            + "trained with, or retrain");
      }
      err.println("warning: " + m.describe(file) + "; predictions may differ from the trained model's "
          + "(--strict-plugins refuses this)");
    }
    err.flush();
  }
}
