package io.recur.export.onnx;

import static java.util.Objects.requireNonNull;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds one ONNX graph with the schema's generated classes: named nodes, constant initializers
 * and the graph's inputs and outputs. Every value gets a fresh name from {@link #fresh}, so
 * exporters never collide; node names carry the Recur layer name, so a node in a viewer (Netron)
 * tells which layer it came from.
 */
public final class OnnxGraphBuilder {
  /** An attribute of a node; built with the static factories. */
  public record Attribute(AttributeProto proto) {
    public static Attribute of(String name, long value) {
      return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT)
          .setI(value).build());
    }

    public static Attribute of(String name, float value) {
      return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT)
          .setF(value).build());
    }

    public static Attribute of(String name, String value) {
      return new Attribute(AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
          .setS(ByteString.copyFromUtf8(value)).build());
    }

    public static Attribute ints(String name, long... values) {
      AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
      for (long v : values) {
        b.addInts(v);
      }
      return new Attribute(b.build());
    }

    public static Attribute floats(String name, float... values) {
      AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOATS);
      for (float v : values) {
        b.addFloats(v);
      }
      return new Attribute(b.build());
    }

    public static Attribute strings(String name, List<String> values) {
      AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRINGS);
      for (String v : values) {
        b.addStrings(ByteString.copyFromUtf8(v));
      }
      return new Attribute(b.build());
    }
  }

  private final GraphProto.Builder graph = GraphProto.newBuilder();
  private final Map<String, Integer> counters = new HashMap<>();

  public OnnxGraphBuilder(String name) {
    graph.setName(requireNonNull(name, "name is null"));
  }

  /** A value name not used before: {@code prefix}, then {@code prefix_1}, {@code prefix_2}, … */
  public String fresh(String prefix) {
    int n = counters.merge(prefix, 1, Integer::sum);
    return n == 1 ? prefix : prefix + "_" + (n - 1);
  }

  /**
   * Adds a node and returns its first output, named after {@code prefix}.
   *
   * @param inputs value names; "" for an optional input left out
   */
  public String node(String op, String prefix, List<String> inputs, Attribute... attributes) {
    return nodeWithOutputs(op, prefix, inputs, 1, attributes)[0];
  }

  /** Adds a node with {@code outputs} outputs and returns their names. */
  public String[] nodeWithOutputs(String op, String prefix, List<String> inputs, int outputs, Attribute... attributes) {
    NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(fresh(prefix + "/" + op));
    n.addAllInput(inputs);
    String[] names = new String[outputs];
    for (int i = 0; i < outputs; i++) {
      names[i] = fresh(prefix + "/" + op + "_out" + (outputs > 1 ? i : ""));
      n.addOutput(names[i]);
    }
    for (Attribute a : attributes) {
      n.addAttribute(a.proto());
    }
    graph.addNode(n);
    return names;
  }

  /** A float32 constant of the given dims, row-major. */
  public String floats(String prefix, float[] data, long... dims) {
    String name = fresh(prefix);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber());
    for (long d : dims) {
      t.addDims(d);
    }
    // raw little-endian bytes: compact, and what ONNX Runtime reads fastest
    java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(data.length * 4).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    bytes.asFloatBuffer().put(data);
    t.setRawData(ByteString.copyFrom(bytes.array()));
    graph.addInitializer(t);
    return name;
  }

  /** An int64 constant: a 1-D tensor of {@code values}. */
  public String longs(String prefix, long... values) {
    String name = fresh(prefix);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber())
        .addDims(values.length);
    for (long v : values) {
      t.addInt64Data(v);
    }
    graph.addInitializer(t);
    return name;
  }

  /** An int64 constant of the given dims, row-major. */
  public String longsShaped(String prefix, long[] values, long... dims) {
    String name = fresh(prefix);
    TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber());
    for (long d : dims) {
      t.addDims(d);
    }
    for (long v : values) {
      t.addInt64Data(v);
    }
    graph.addInitializer(t);
    return name;
  }

  /** An int64 scalar constant (rank 0), e.g. a {@code Gather} index that drops its axis. */
  public String scalar(String prefix, long value) {
    String name = fresh(prefix);
    graph.addInitializer(TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber())
        .addInt64Data(value));
    return name;
  }

  /**
   * Declares a graph input.
   *
   * @param dims each an Integer (a fixed size) or a String (a symbolic dimension such as {@code batch})
   */
  public void input(String name, TensorProto.DataType type, Object... dims) {
    graph.addInput(valueInfo(name, type, dims));
  }

  /** Declares a graph output; see {@link #input} for {@code dims}. */
  public void output(String name, TensorProto.DataType type, Object... dims) {
    graph.addOutput(valueInfo(name, type, dims));
  }

  /** Renames the value {@code from} to the graph-level name {@code to} with an {@code Identity}. */
  public void alias(String from, String to) {
    graph.addNode(NodeProto.newBuilder().setOpType("Identity").setName(fresh(to + "/Identity"))
        .addInput(from).addOutput(to));
  }

  private static ValueInfoProto valueInfo(String name, TensorProto.DataType type, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof Integer i) {
        dim.setDimValue(i);
      } else {
        dim.setDimParam(String.valueOf(d));
      }
      shape.addDim(dim);
    }
    return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
        TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
  }

  public GraphProto build() {
    return graph.build();
  }
}
