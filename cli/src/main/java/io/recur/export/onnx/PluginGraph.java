package io.recur.export.onnx;

import static java.util.Objects.requireNonNull;

import io.recur.export.onnx.OnnxGraphBuilder.Attribute;
import io.recur.spi.OnnxGraph;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The SPI's {@link OnnxGraph} over {@link OnnxGraphBuilder}, for one plugin layer. Plugins see no
 * protobuf type: attributes come as plain Java values and are converted here. Every name is made
 * by the builder from the layer's name, so it cannot clash with another layer's; a node input
 * that this layer was never given is refused here, naming the layer, rather than left for ONNX
 * Runtime to report as a dangling value in a graph the user did not write. Its errors carry no
 * layer name: {@link PluginLayerExporter} tells them after the layer and the plugin.
 */
final class PluginGraph implements OnnxGraph {
  private final OnnxGraphBuilder g;
  private final LayerExport layer;
  private final int opset;
  private final Set<String> known = new HashSet<>();

  PluginGraph(LayerExport layer, int opset, String input) {
    this.layer = requireNonNull(layer, "layer is null");
    this.g = layer.graph();
    this.opset = opset;
    known.add(input);
    known.add(layer.lengths());
  }

  /** Whether {@code name} is a value this layer may use: its input, {@code lengths} or one it made. */
  boolean knows(String name) {
    return known.contains(name);
  }

  @Override
  public int opset() {
    return opset;
  }

  @Override
  public String initializer(String name, Tensor values) {
    requireNonNull(values, "values is null");
    long[] dims = Arrays.stream(values.shape()).asLongStream().toArray();
    return made(g.floats(layer.prefix() + "." + local(name), values.data(), dims));
  }

  @Override
  public String initializerInts(String name, long[] values, int... shape) {
    requireNonNull(values, "values is null");
    long[] dims = shape.length == 0 ? new long[] {values.length} : Arrays.stream(shape).asLongStream().toArray();
    if (Arrays.stream(dims).reduce(1, Math::multiplyExact) != values.length) {
      throw error("initializerInts '" + name + "': shape " + Arrays.toString(shape) + " does not hold "
          + values.length + " values");
    }
    return made(g.longsShaped(layer.prefix() + "." + local(name), values, dims));
  }

  @Override
  public String node(String opType, List<String> inputs, Map<String, Object> attributes) {
    return node(opType, inputs, 1, attributes).get(0);
  }

  @Override
  public List<String> node(String opType, List<String> inputs, int outputs, Map<String, Object> attributes) {
    if (opType == null || opType.isBlank()) {
      throw error("a node without an operator type");
    }
    if (outputs < 1) {
      throw error(opType + ": a node has at least one output, asked for " + outputs);
    }
    for (String in : requireNonNull(inputs, "inputs is null")) {
      if (in == null || !in.isEmpty() && !known.contains(in)) {
        throw error(opType + ": input '" + in + "' is not a value of this layer (its input, lengths, or a"
            + " name the graph returned)");
      }
    }
    List<Attribute> converted = new ArrayList<>();
    (attributes == null ? Map.<String, Object>of() : attributes)
        .forEach((k, v) -> converted.add(attribute(opType, k, v)));
    String[] names = g.nodeWithOutputs(opType, layer.prefix(), inputs, outputs, converted.toArray(Attribute[]::new));
    for (String n : names) {
      made(n);
    }
    return List.of(names);
  }

  @Override
  public String lengths() {
    return layer.lengths();
  }

  /** Told by {@link PluginLayerExporter} after the layer and the plugin, as the plugin's mistake. */
  private static RecurException error(String message) {
    return new RecurException(message);
  }

  private String made(String name) {
    known.add(name);
    return name;
  }

  private String local(String name) {
    if (name == null || name.isBlank()) {
      throw error("a constant without a name");
    }
    return name;
  }

  /** A plain Java value as an ONNX attribute; the Javadoc of {@link OnnxGraph#node} lists the types. */
  private Attribute attribute(String op, String name, Object value) {
    if (value instanceof Long || value instanceof Integer) {
      return Attribute.of(name, ((Number) value).longValue());
    }
    if (value instanceof Double || value instanceof Float) {
      return Attribute.of(name, ((Number) value).floatValue());
    }
    if (value instanceof String s) {
      return Attribute.of(name, s);
    }
    if (value instanceof long[] l) {
      return Attribute.ints(name, l);
    }
    if (value instanceof int[] i) {
      return Attribute.ints(name, Arrays.stream(i).asLongStream().toArray());
    }
    if (value instanceof float[] f) {
      return Attribute.floats(name, f);
    }
    if (value instanceof String[] s) {
      return Attribute.strings(name, List.of(s));
    }
    throw error(op + ": attribute '" + name + "' is a " + (value == null ? "null" : value.getClass().getName())
        + "; expected Long, Integer, Double, Float, String, long[], int[], float[] or String[]");
  }
}
