package io.recur.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.engine.PreparedExperiment;
import io.recur.io.Safetensors;
import io.recur.model.Contexts;
import io.recur.model.Model;
import io.recur.spi.Dataset;
import io.recur.spi.OutputKind;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SavedModelTest {
  @TempDir Path tmp;
  TinyExperiment experiment;
  PreparedExperiment prepared;
  Path dir;

  @BeforeEach
  void aSavedModel() throws Exception {
    experiment = TinyExperiment.write(tmp.resolve("config"), TinyExperiment.CLASSIFIER);
    prepared = experiment.prepare();
    // weights that are not what a fresh build from the init stream would give, so that a load
    // that silently kept its fresh initialisation could not pass
    float[] w = prepared.model().parameters().get("affine_0.weight").data();
    for (int i = 0; i < w.length; i++) {
      w[i] = 0.25f * i - 0.5f;
    }
    prepared.model().parameters().get("affine_0.bias").data()[1] = 0.125f;
    dir = Files.createDirectories(tmp.resolve("run/model"));
    SavedModel.save(dir, experiment.spec, prepared.dataset().schema(), prepared.model(), experiment.registry);
  }

  private static float[] predict(Model model, Tensor inputs) {
    return model.forward(inputs, Contexts.evaluation(null)).data().clone();
  }

  private String refusal(Runnable r) {
    return assertThrows(RecurException.class, r::run).getMessage();
  }

  @Test
  void aLoadedModelHasTheSavedWeightsAndPredictsTheSameBits() {
    SavedModel.Loaded loaded = SavedModel.load(dir, experiment.registry);
    Map<String, Tensor> saved = prepared.model().parameters();
    Map<String, Tensor> read = loaded.model().parameters();
    assertEquals(List.copyOf(saved.keySet()), List.copyOf(read.keySet()));
    saved.forEach((name, t) -> {
      assertArrayEquals(t.shape(), read.get(name).shape(), name);
      assertArrayEquals(t.data(), read.get(name).data(), name);
    });
    Tensor inputs = prepared.dataset().splits().get(Dataset.VALIDATION).inputs();
    assertArrayEquals(predict(prepared.model(), inputs), predict(loaded.model(), inputs));
    assertEquals("tiny", loaded.experiment());
    assertEquals(List.of("neg", "pos"), loaded.schema().classes());
    assertArrayEquals(new int[] {2}, loaded.schema().inputShape());
    assertEquals(OutputKind.LOGITS, loaded.outputKind(), "cross-entropy reads logits");
  }

  @Test
  void eachBlueprintBuildIsANewInstanceWithTheSameWeights() {
    SavedModel.Loaded loaded = SavedModel.load(dir, experiment.registry);
    Model other = loaded.blueprint().build();
    assertNotSame(loaded.model(), other);
    Tensor w = other.parameters().get("affine_0.weight");
    assertNotSame(loaded.model().parameters().get("affine_0.weight").data(), w.data());
    assertArrayEquals(loaded.model().parameters().get("affine_0.weight").data(), w.data());
    // changing one instance leaves the others and the blueprint alone
    w.data()[0] = 42f;
    assertEquals(-0.5f, loaded.blueprint().build().parameters().get("affine_0.weight").data()[0]);
  }

  @Test
  void savingTheLoadedModelAgainGivesIdenticalFiles() throws Exception {
    SavedModel.Loaded loaded = SavedModel.load(dir, experiment.registry);
    Path again = Files.createDirectories(tmp.resolve("again"));
    SavedModel.save(again, experiment.spec, loaded.schema(), loaded.model(), experiment.registry);
    assertArrayEquals(Files.readAllBytes(dir.resolve(SavedModel.WEIGHTS)),
        Files.readAllBytes(again.resolve(SavedModel.WEIGHTS)));
    assertArrayEquals(Files.readAllBytes(dir.resolve(SavedModel.MODEL_YAML)),
        Files.readAllBytes(again.resolve(SavedModel.MODEL_YAML)));
  }

  @Test
  void theWeightsFileHoldsTheParametersByLayerAndName() {
    Map<String, Tensor> tensors = Safetensors.read(dir.resolve(SavedModel.WEIGHTS)).tensors();
    assertEquals(List.of("affine_0.bias", "affine_0.weight"), tensors.keySet().stream().sorted().toList());
    assertArrayEquals(new float[] {-0.5f, -0.25f, 0f, 0.25f}, tensors.get("affine_0.weight").data());
    assertArrayEquals(new float[] {0f, 0.125f}, tensors.get("affine_0.bias").data());
  }

  @Test
  void aTruncatedWeightsFileIsRefusedNamingIt() throws Exception {
    Path weights = dir.resolve(SavedModel.WEIGHTS);
    byte[] bytes = Files.readAllBytes(weights);
    Files.write(weights, Arrays.copyOf(bytes, 5));
    assertEquals(weights + ": truncated: the file has 5 bytes, but a safetensors file starts with an 8-byte header"
        + " length", refusal(() -> SavedModel.load(dir, experiment.registry)));
    // the header intact but the data cut short
    Files.write(weights, Arrays.copyOf(bytes, bytes.length - 4));
    String message = refusal(() -> SavedModel.load(dir, experiment.registry));
    assertTrue(message.startsWith(weights.toString()), message);
    assertTrue(message.contains("run past the end of the data"), message);
  }

  @Test
  void aWeightsFileOfGarbageIsRefusedNamingIt() throws Exception {
    Path weights = dir.resolve(SavedModel.WEIGHTS);
    Files.writeString(weights, "these are not weights at all, just text");
    String message = refusal(() -> SavedModel.load(dir, experiment.registry));
    assertTrue(message.startsWith(weights + ": truncated or not a safetensors file: the header length is "), message);
  }

  @Test
  void weightsOfAnotherModelAreRefusedNamingTheTensor() {
    Path weights = dir.resolve(SavedModel.WEIGHTS);
    Map<String, Tensor> wrongShape = new LinkedHashMap<>();
    wrongShape.put("affine_0.weight", Tensor.zeros(3, 2));
    wrongShape.put("affine_0.bias", Tensor.zeros(2));
    Safetensors.write(weights, wrongShape, Map.of());
    assertEquals(weights + ": tensor 'affine_0.weight' has shape [3, 2], the model expects [2, 2]",
        refusal(() -> SavedModel.load(dir, experiment.registry)));

    Map<String, Tensor> missing = Map.of("affine_0.weight", Tensor.zeros(2, 2));
    Safetensors.write(weights, missing, Map.of());
    assertEquals(weights + ": tensor 'affine_0.bias' is missing; the model needs [affine_0.weight, affine_0.bias],"
        + " the file has [affine_0.weight]", refusal(() -> SavedModel.load(dir, experiment.registry)));

    Map<String, Tensor> extra = new LinkedHashMap<>();
    extra.put("affine_0.weight", Tensor.zeros(2, 2));
    extra.put("affine_0.bias", Tensor.zeros(2));
    extra.put("lstm_1.weight_ih_l0", Tensor.zeros(1));
    Safetensors.write(weights, extra, Map.of());
    assertEquals(weights + ": tensors [lstm_1.weight_ih_l0] do not belong to this model; it has [affine_0.weight,"
        + " affine_0.bias]", refusal(() -> SavedModel.load(dir, experiment.registry)));
  }

  @Test
  void aModelYamlOfAnotherFormatIsRefusedNamingIt() throws Exception {
    Path yaml = dir.resolve(SavedModel.MODEL_YAML);
    Files.writeString(yaml, Files.readString(yaml).replace("format: 1", "format: 2"));
    assertEquals(yaml + ": model format 2 is not supported; this Recur reads format 1",
        refusal(() -> SavedModel.load(dir, experiment.registry)));
  }

  @Test
  void aCorruptModelYamlIsRefusedNamingIt() throws Exception {
    Path yaml = dir.resolve(SavedModel.MODEL_YAML);
    String good = Files.readString(yaml);

    Files.writeString(yaml, "- just\n- a list\n");
    assertEquals(yaml + ": expected a map of model keys", refusal(() -> SavedModel.load(dir, experiment.registry)));

    Files.writeString(yaml, "format: 1\ninput: {shape: [2\n");
    String unparsable = refusal(() -> SavedModel.load(dir, experiment.registry));
    assertTrue(unparsable.startsWith(yaml + ": cannot be read: "), unparsable);

    // cut in the middle, as a disk that filled up would leave it: the input entry loses its shape
    Files.writeString(yaml, good.substring(0, good.indexOf("shape")));
    String truncated = refusal(() -> SavedModel.load(dir, experiment.registry));
    assertTrue(truncated.startsWith(yaml + ": the input, classes, codec or loss entry is malformed ("), truncated);

    Files.writeString(yaml, good.replace("input:", "input: 3\nunused:"));
    String malformed = refusal(() -> SavedModel.load(dir, experiment.registry));
    assertTrue(malformed.startsWith(yaml + ": the input, classes, codec or loss entry is malformed ("), malformed);
  }

  @Test
  void aCorruptInputShapeIsRefusedNamingModelYaml() throws Exception {
    Path yaml = dir.resolve(SavedModel.MODEL_YAML);
    Files.writeString(yaml, Files.readString(yaml).replace("shape: [2]", "shape: [-2]"));
    String message = refusal(() -> SavedModel.load(dir, experiment.registry));
    assertTrue(message.startsWith(yaml + ":"), message);
    assertTrue(message.contains("[-2]"), message);
  }

  @Test
  void aQuotedFormatIsRefusedWithAMessageThatDoesNotContradictItself() throws Exception {
    Path yaml = dir.resolve(SavedModel.MODEL_YAML);
    Files.writeString(yaml, Files.readString(yaml).replace("format: 1", "format: '1'"));
    String message = refusal(() -> SavedModel.load(dir, experiment.registry));
    assertTrue(message.startsWith(yaml + ": "), message);
    assertFalse(message.contains("model format 1 is not supported"), message);
  }

  @Test
  void theSameConfigAndSeedSaveTheSameBytes() throws Exception {
    // two fresh builds, as two processes would make them: same data, same init stream, same files
    PreparedExperiment first = experiment.prepare();
    PreparedExperiment second = TinyExperiment.write(tmp.resolve("again"), TinyExperiment.CLASSIFIER).prepare();
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    SavedModel.save(a, experiment.spec, first.dataset().schema(), first.model(), experiment.registry);
    SavedModel.save(b, experiment.spec, second.dataset().schema(), second.model(), experiment.registry);
    assertArrayEquals(Files.readAllBytes(a.resolve(SavedModel.WEIGHTS)), Files.readAllBytes(b.resolve(SavedModel.WEIGHTS)));
    assertArrayEquals(Files.readAllBytes(a.resolve(SavedModel.MODEL_YAML)),
        Files.readAllBytes(b.resolve(SavedModel.MODEL_YAML)));
    // and they are not the weights the fixture set by hand
    assertFalse(Arrays.equals(Files.readAllBytes(a.resolve(SavedModel.WEIGHTS)),
        Files.readAllBytes(dir.resolve(SavedModel.WEIGHTS))));
  }

  @Test
  void aFolderWithoutModelYamlIsNotAModel() throws Exception {
    Path run = dir.getParent();
    assertEquals(run + ": not a saved model directory (no model.yaml); give the model/ folder of a run",
        refusal(() -> SavedModel.load(run, experiment.registry)));
    assertEquals(run + ": not a saved model directory (no model.yaml); give the model/ folder of a run",
        refusal(() -> SavedModel.readWeights(run)));
  }

  @Test
  void readWeightsGivesTheSavedTensors() {
    Map<String, Tensor> read = SavedModel.readWeights(dir);
    assertArrayEquals(prepared.model().parameters().get("affine_0.weight").data(), read.get("affine_0.weight").data());
    assertArrayEquals(new int[] {2, 2}, read.get("affine_0.weight").shape());
  }

  @Test
  void probabilitiesOfLogitsAreASoftmaxOverTheClasses() {
    SavedModel.Loaded loaded = SavedModel.load(dir, experiment.registry);
    Tensor p = loaded.probabilities(Tensor.of(new float[] {0f, 0f, 1f, 1f}, 2, 2));
    assertArrayEquals(new float[] {0.5f, 0.5f, 0.5f, 0.5f}, p.data());
    assertEquals("the model outputs 3 values per sample but was trained on 2 classes; it is not a classifier whose"
        + " probabilities can be printed", refusal(() -> loaded.probabilities(Tensor.zeros(1, 3))));
  }
}
