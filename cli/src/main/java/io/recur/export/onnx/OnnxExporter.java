package io.recur.export.onnx;

import static java.util.Objects.requireNonNull;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.StringStringEntryProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.recur.config.ExperimentLoader;
import io.recur.config.ModelParams;
import io.recur.io.AtomicFiles;
import io.recur.io.Json;
import io.recur.io.Sha256;
import io.recur.model.Model;
import io.recur.registry.Registry;
import io.recur.run.Provenance;
import io.recur.run.SavedModel;
import io.recur.spi.DataSchema;
import io.recur.spi.Kind;
import io.recur.spi.RecurException;
import io.recur.spi.TypedValue;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Exports a saved model directory as an ONNX model: graph inputs {@code input} (int64 token ids
 * {@code [batch, time]} or float32 {@code [batch, time, features]}) and {@code lengths} (int32
 * {@code [batch]}, each row's real steps); outputs {@code output} (the model's raw output, as
 * {@code recur predict} writes it) and, when the model ends in a recurrent layer, {@code h_n}
 * (and {@code c_n}) {@code [layers·directions, batch, units]}. Metadata records what a consumer
 * needs to encode inputs and decode outputs.
 */
public final class OnnxExporter {
  public static final int DEFAULT_OPSET = 17;
  /** The oldest opset with every operator form used here (axes as inputs of Squeeze and ReduceSum: 13; recurrent ops: 14). */
  public static final int MIN_OPSET = 14;
  /** The newest opset ONNX Runtime 1.20 runs. */
  public static final int MAX_OPSET = 21;

  public static final String INPUT = "input";
  public static final String LENGTHS = "lengths";
  public static final String OUTPUT = "output";
  public static final String H_N = "h_n";
  public static final String C_N = "c_n";

  private final LayerExporters exporters = new LayerExporters();

  /**
   * @throws RecurException (a user error) naming the layer that cannot be exported, or the opset
   */
  public ModelProto export(Path modelDir, Registry registry, int opset) {
    requireNonNull(modelDir, "modelDir is null");
    if (opset < MIN_OPSET || opset > MAX_OPSET) {
      throw new RecurException("--opset: expected " + MIN_OPSET + " to " + MAX_OPSET + ", got " + opset);
    }
    SavedModel.Loaded loaded = SavedModel.load(modelDir, registry);
    List<TypedValue> specs = new ExperimentLoader(registry)
        .loadSection(modelDir.resolve(SavedModel.MODEL_YAML), "model", ModelParams.all()).get(ModelParams.LAYERS);
    Model model = loaded.model();
    DataSchema schema = loaded.schema();
    boolean ids = schema.inputVocabulary() > 0;

    OnnxGraphBuilder g = new OnnxGraphBuilder(loaded.experiment());
    int[] in = schema.inputShape();
    g.input(INPUT, ids ? TensorProto.DataType.INT64 : TensorProto.DataType.FLOAT, dims(in, false));
    g.input(LENGTHS, TensorProto.DataType.INT32, "batch");

    Value x = new Value(INPUT, ids);
    LayerExport.States states = new LayerExport.States();
    List<Model.NamedLayer> layers = model.layers();
    boolean fixedOutputSteps = false;
    for (int i = 0; i < layers.size(); i++) {
      Model.NamedLayer layer = layers.get(i);
      TypedValue spec = specs.get(i);
      // only the last layer's states are the graph's h_n/c_n
      states = new LayerExport.States();
      LayerExport export = new LayerExport(g, layer.name(), layer.type(), spec.params(), layer.name(),
          model.parameters(), LENGTHS, layer.layer().outputShape(), states);
      String source = registry.find(Kind.LAYER, layer.type()).map(Registry.Entry::source).orElse("unknown");
      x = exporters.get(export, layer.layer(), source, opset).export(export, x);
      fixedOutputSteps |= layer.type().equals("encoder-decoder");
    }
    g.alias(x.name(), OUTPUT);
    g.output(OUTPUT, x.tokenIds() ? TensorProto.DataType.INT64 : TensorProto.DataType.FLOAT,
        dims(model.outputShape(), fixedOutputSteps || model.outputShape().length < 2));
    states.named.forEach((name, value) -> addState(g, value, name));
    if (states.hN != null) {
      addState(g, states.hN, H_N);
      if (states.cN != null) {
        addState(g, states.cN, C_N);
      }
    }
    return ModelProto.newBuilder()
        .setIrVersion(irVersion(opset))
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setProducerName("recur")
        .setProducerVersion(Provenance.recurVersion())
        .setDocString("Recur model '" + loaded.experiment() + "': " + model)
        .setGraph(g.build())
        .addAllMetadataProps(metadata(modelDir, loaded))
        .build();
  }

  /** Exports and writes the file atomically. */
  public void write(Path modelDir, Registry registry, int opset, Path output) {
    AtomicFiles.write(output, export(modelDir, registry, opset).toByteArray());
  }

  /** A final state {@code [layers·directions, batch, units]} as a graph output. */
  private static void addState(OnnxGraphBuilder g, String value, String name) {
    g.alias(value, name);
    g.output(name, TensorProto.DataType.FLOAT, "layers_directions", "batch", "units");
  }

  /** {@code batch}, then {@code time} for the first per-sample axis of a sequence, then fixed sizes. */
  private static Object[] dims(int[] perSample, boolean fixedSteps) {
    Object[] dims = new Object[perSample.length + 1];
    dims[0] = "batch";
    for (int i = 0; i < perSample.length; i++) {
      dims[i + 1] = i == 0 && !fixedSteps ? (Object) "time" : (Object) perSample[i];
    }
    return dims;
  }

  /** The IR version that goes with an opset (ONNX's versioning table). */
  static long irVersion(int opset) {
    return opset <= 14 ? 7 : opset <= 18 ? 8 : opset <= 20 ? 9 : 10;
  }

  private static List<StringStringEntryProto> metadata(Path dir, SavedModel.Loaded loaded) {
    DataSchema schema = loaded.schema();
    Map<String, String> m = new LinkedHashMap<>();
    m.put("experiment", loaded.experiment());
    m.put("recur_version", Provenance.recurVersion());
    m.put("weights_sha256", Sha256.ofFile(dir.resolve(SavedModel.WEIGHTS)));
    m.put("output_kind", loaded.outputKind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    m.put("classes", Json.write(schema.classes()));
    m.put("vocabulary", Json.write(schema.codec() == null ? List.of() : schema.codec().vocabulary()));
    if (schema.codec() != null) {
      m.put("codec", Json.write(schema.codec().toMap()));
    }
    if (schema.targetCodec() != null) {
      m.put("target_codec", Json.write(schema.targetCodec().toMap()));
    }
    List<StringStringEntryProto> props = new ArrayList<>();
    m.forEach((k, v) -> props.add(StringStringEntryProto.newBuilder().setKey(k).setValue(v).build()));
    return props;
  }
}
