package io.recur.export.onnx;

import io.recur.spi.TypedValue;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ensemble}: every member's layers exported in turn from the same input, each member's
 * scores turned into probabilities ({@code Softmax} over the last axis), their mean taken and its
 * log returned: the log-probabilities the ensemble predicts with. Members are named as their
 * weights are ({@code ensemble_0.member2.gru_1}); their recurrent layers' final states become
 * graph outputs named as the ensemble's {@code finalStates()} names them ({@code member2.gru_1.h_n}).
 */
final class EnsembleExporter implements LayerExporter {
  private final LayerExporters exporters;

  EnsembleExporter(LayerExporters exporters) {
    this.exporters = exporters;
  }

  @Override
  public Value export(LayerExport l, Value input) {
    int members = ((Number) l.param("members")).intValue();
    List<TypedValue> specs = l.param("layers");
    List<TypedValue> counted = l.param("counted");
    if (counted != null && !counted.isEmpty()) {
      throw l.error("cannot be exported to ONNX: its counted layer '" + counted.get(0).type() + "' has no ONNX"
          + " operator; an ensemble of trained members only is exported");
    }
    OnnxGraphBuilder g = l.graph();
    List<String> probabilities = new ArrayList<>();
    for (int k = 1; k <= members; k++) {
      Value x = input;
      for (int i = 0; i < specs.size(); i++) {
        TypedValue spec = specs.get(i);
        String local = "member" + k + "." + (spec.name().isEmpty() ? spec.type() + "_" + i : spec.name());
        requireExportable(l, spec, local);
        LayerExport.States states = new LayerExport.States();
        LayerExport inner = new LayerExport(g, l.name() + "." + local, spec.type(), spec.params(),
            l.weightPrefix() + "." + local, l.weights(), l.lengths(), l.outputShape(), states);
        x = exporters.get(inner).export(inner, x);
        // the members' final states, named as the ensemble's finalStates() names them
        if (states.hN != null) {
          l.namedState(local + ".h_n", states.hN);
        }
        if (states.cN != null) {
          l.namedState(local + ".c_n", states.cN);
        }
      }
      probabilities.add(g.node("Softmax", l.prefix() + ".member" + k + ".probabilities", List.of(x.name()),
          OnnxGraphBuilder.Attribute.of("axis", -1L)));
    }
    String sum = g.node("Sum", l.prefix() + ".sum", probabilities);
    String mean = g.node("Mul", l.prefix() + ".mean",
        List.of(sum, g.floats(l.prefix() + ".one_over_members", new float[] {1f / members})));
    return new Value(g.node("Log", l.prefix(), List.of(mean)), false);
  }

  /**
   * Inner layers whose graph depends on their own output shape, which the export of an ensemble
   * does not know (it knows the ensemble's), are refused rather than exported wrong.
   */
  private static void requireExportable(LayerExport l, TypedValue spec, String local) {
    boolean oneHot = spec.type().equals("embedding") && Boolean.TRUE.equals(spec.params().asMap().get("one_hot"));
    if (oneHot || spec.type().equals("encoder-decoder") || spec.type().equals("time-distributed")) {
      throw l.error("cannot be exported to ONNX: member layer '" + local + "' (" + spec.type()
          + (oneHot ? ", one_hot" : "") + ") is not exported inside an ensemble; a learned embedding,"
          + " recurrent, dense, activation and dropout layers are");
    }
  }
}
