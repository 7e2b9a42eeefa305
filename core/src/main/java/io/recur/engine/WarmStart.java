package io.recur.engine;

import io.recur.config.ConfigLocations;
import io.recur.config.TrainingParams;
import io.recur.io.Sha256;
import io.recur.model.Model;
import io.recur.run.SavedModel;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code training.init_from}: copies a saved model's weights into the parameters of a freshly
 * initialised model that have the same name and shape (fine-tuning, a warm start). It runs after
 * the fresh initialisation and draws no random numbers, so the same config and seed give the same
 * bits. Tensors of the saved model that the new one lacks are ignored: a warm start may drop a part.
 */
final class WarmStart {
  /**
   * What a warm start did.
   *
   * @param directory the saved model directory, absolute
   * @param weightsSha256 the sha256 of its weights file, for provenance.json
   * @param kept the parameters that kept their fresh initialisation, each with the reason
   */
  record Applied(Path directory, String weightsSha256, List<String> kept) {
    /** The provenance.json record. */
    Map<String, Object> provenance() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("model", directory.toString());
      m.put("weights_sha256", weightsSha256);
      if (!kept.isEmpty()) {
        m.put("kept_fresh", List.copyOf(kept));
      }
      return m;
    }
  }

  private WarmStart() {}

  /**
   * Applies {@code training.init_from} when it is set.
   *
   * @param configDir the experiment file's folder, against which a relative path resolves
   * @return what was done, or null when {@code init_from} is unset
   * @throws RecurException at the config's {@code init_from} line, listing every parameter without
   *     a match, unless {@code init_from_strict: false}
   */
  static Applied apply(Params training, Path configDir, Model model, ConfigLocations locations) {
    String from = training.get(TrainingParams.INIT_FROM);
    if (from == null) {
      return null;
    }
    String where = locations.of("training.init_from") + ": training.init_from: ";
    Path dir = configDir.resolve(from).toAbsolutePath().normalize();
    Map<String, Tensor> saved;
    try {
      saved = SavedModel.readWeights(dir);
    } catch (RecurException e) {
      throw new RecurException(where + e.getMessage(), e);
    }
    List<String> mismatches = new ArrayList<>();
    Map<String, Tensor> matched = new LinkedHashMap<>();
    model.parameters().forEach((name, t) -> {
      Tensor w = saved.get(name);
      if (w == null) {
        mismatches.add("'" + name + "' " + Shape.toString(t.shape()) + ": missing");
      } else if (!Arrays.equals(w.shape(), t.shape())) {
        mismatches.add("'" + name + "' expects " + Shape.toString(t.shape()) + ", found " + Shape.toString(w.shape()));
      } else {
        matched.put(name, w);
      }
    });
    boolean strict = !Boolean.FALSE.equals(training.get(TrainingParams.INIT_FROM_STRICT));
    if (strict && !mismatches.isEmpty()) {
      throw new RecurException(where + dir + " does not fit this model: " + String.join("; ", mismatches)
          + ". Give a model of the same layers, or set training.init_from_strict: false to start those parameters"
          + " fresh");
    }
    matched.forEach((name, w) -> System.arraycopy(w.data(), 0, model.parameters().get(name).data(), 0, w.size()));
    return new Applied(dir, Sha256.ofFile(dir.resolve(SavedModel.WEIGHTS)), mismatches);
  }
}
