package io.recur.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.io.Sha256;
import io.recur.model.Model;
import io.recur.run.SavedModel;
import io.recur.run.TinyExperiment;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code training.init_from}: a saved model's weights copied by name and shape into a fresh model. */
class WarmStartTest {
  /** Line 17, column 14 of the fine-tuning config: the value of {@code init_from}. */
  private static final String INIT_FROM_AT = ":17:14";
  private static final String TWO_LAYERS = "units: 2\n    - type: affine\n      units: 2";

  @TempDir Path tmp;
  Path savedModel;

  @BeforeEach
  void aSavedModelWithKnownWeights() throws Exception {
    TinyExperiment base = TinyExperiment.write(tmp.resolve("base"), TinyExperiment.CLASSIFIER);
    var prepared = base.prepare();
    float[] w = prepared.model().parameters().get("affine_0.weight").data();
    for (int i = 0; i < w.length; i++) {
      w[i] = i + 1;
    }
    prepared.model().parameters().get("affine_0.bias").data()[0] = -1;
    savedModel = Files.createDirectories(tmp.resolve("base/run/model"));
    SavedModel.save(savedModel, base.spec, prepared.dataset().schema(), prepared.model(), base.registry);
  }

  /**
   * The tiny experiment in {@code fine/}, starting from {@code initFrom}, with {@code modelFrom} replaced by
   * {@code modelTo} in its config.
   */
  private TinyExperiment fineTuning(String initFrom, String modelFrom, String modelTo, String... overrides) {
    String yaml = TinyExperiment.CLASSIFIER.replace(modelFrom, modelTo)
        .replace("  batch_size: 4", "  batch_size: 4\n  init_from: " + initFrom);
    return TinyExperiment.write(tmp.resolve("fine"), yaml, overrides);
  }

  private static WarmStart.Applied apply(TinyExperiment e, Model model) {
    return WarmStart.apply(e.spec.training(), e.file.getParent(), model, e.locations());
  }

  private static Map<String, float[]> copyOf(Model model) {
    Map<String, float[]> copy = new LinkedHashMap<>();
    model.parameters().forEach((name, t) -> copy.put(name, t.data().clone()));
    return copy;
  }

  @Test
  void withoutInitFromNothingHappens() {
    TinyExperiment e = TinyExperiment.write(tmp.resolve("fresh"), TinyExperiment.CLASSIFIER);
    Model model = e.prepare().model();
    Map<String, float[]> before = copyOf(model);
    assertNull(apply(e, model));
    before.forEach((name, data) -> assertArrayEquals(data, model.parameters().get(name).data(), name));
  }

  @Test
  void matchingParametersTakeTheSavedWeightsAndProvenanceRecordsTheirSource() {
    TinyExperiment e = fineTuning("../base/run/model", "", "");
    Model model = e.prepare().model();
    WarmStart.Applied applied = apply(e, model);
    assertArrayEquals(new float[] {1, 2, 3, 4}, model.parameters().get("affine_0.weight").data());
    assertArrayEquals(new float[] {-1, 0}, model.parameters().get("affine_0.bias").data());
    assertEquals(savedModel.toAbsolutePath().normalize(), applied.directory());
    assertEquals(Sha256.ofFile(savedModel.resolve(SavedModel.WEIGHTS)), applied.weightsSha256());
    assertEquals(List.of(), applied.kept());
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("model", applied.directory().toString());
    expected.put("weights_sha256", applied.weightsSha256());
    assertEquals(expected, applied.provenance(), "no kept_fresh entry when every parameter was matched");
  }

  @Test
  void strictlyAnyParameterWithoutAMatchRefusesTheWarmStartAndChangesNothing() {
    TinyExperiment e = fineTuning("../base/run/model", "units: 2", "units: 3");
    Model model = e.prepare().model();
    Map<String, float[]> before = copyOf(model);
    String message = assertThrows(RecurException.class, () -> apply(e, model)).getMessage();
    assertEquals(e.file + INIT_FROM_AT + ": training.init_from: " + savedModel.toAbsolutePath().normalize()
        + " does not fit this model: 'affine_0.weight' expects [3, 2], found [2, 2]; 'affine_0.bias' expects [3],"
        + " found [2]. Give a model of the same layers, or set training.init_from_strict: false to start those"
        + " parameters fresh", message);
    before.forEach((name, data) -> assertArrayEquals(data, model.parameters().get(name).data(), name));
  }

  @Test
  void notStrictlyUnmatchedParametersKeepTheirFreshInitialisationBitForBit() {
    TinyExperiment e = fineTuning("../base/run/model", "units: 2", TWO_LAYERS, "training.init_from_strict=false");
    Model model = e.prepare().model();
    // the same experiment without a warm start: what a fresh initialisation gives
    Map<String, float[]> fresh = copyOf(e.prepare().model());
    WarmStart.Applied applied = apply(e, model);
    assertArrayEquals(new float[] {1, 2, 3, 4}, model.parameters().get("affine_0.weight").data());
    assertArrayEquals(fresh.get("affine_1.weight"), model.parameters().get("affine_1.weight").data());
    assertArrayEquals(fresh.get("affine_1.bias"), model.parameters().get("affine_1.bias").data());
    List<String> kept = List.of("'affine_1.weight' [2, 2]: missing", "'affine_1.bias' [2]: missing");
    assertEquals(kept, applied.kept());
    assertEquals(kept, applied.provenance().get("kept_fresh"));
  }

  @Test
  void tensorsTheNewModelLacksAreIgnored() throws Exception {
    // save a two-layer model, then start a one-layer model from it: dropping a part is allowed
    TinyExperiment two = TinyExperiment.write(tmp.resolve("two"), TinyExperiment.CLASSIFIER.replace("units: 2",
        TWO_LAYERS));
    var prepared = two.prepare();
    Path bigger = Files.createDirectories(tmp.resolve("two/model"));
    SavedModel.save(bigger, two.spec, prepared.dataset().schema(), prepared.model(), two.registry);
    TinyExperiment e = fineTuning("../two/model", "", "");
    Model model = e.prepare().model();
    WarmStart.Applied applied = apply(e, model);
    assertEquals(List.of(), applied.kept());
    Tensor saved = prepared.model().parameters().get("affine_0.weight");
    assertArrayEquals(saved.data(), model.parameters().get("affine_0.weight").data());
  }

  @Test
  void aFolderThatIsNotASavedModelIsRefusedAtTheInitFromLine() throws Exception {
    TinyExperiment e = fineTuning("../base/run", "", "");
    Model model = e.prepare().model();
    Path run = tmp.resolve("base/run").toAbsolutePath().normalize();
    assertEquals(e.file + INIT_FROM_AT + ": training.init_from: " + run + ": not a saved model directory (no"
        + " model.yaml); give the model/ folder of a run", assertThrows(RecurException.class, () -> apply(e, model))
        .getMessage());
  }
}
