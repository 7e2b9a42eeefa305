package io.recur.api;

import static java.util.Objects.requireNonNull;

import io.recur.model.Contexts;
import io.recur.model.Model;
import io.recur.model.StepwiseModels;
import io.recur.run.SavedModel;
import io.recur.spi.RecurException;
import io.recur.spi.StatefulLayer;
import io.recur.spi.TextCodec;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a model one token or one time step at a time, carrying its recurrent state explicitly, the
 * way DL4J's {@code rnnTimeStep} and ONNX's {@code initial_h}/{@code Y_h} are used for streaming:
 *
 * <pre>{@code
 * StreamingSession s = model.newSession();
 * float[] next = s.feed("tyrannosau");        // language model: P(next character)
 * RecurrentState saved = s.state();
 * next = s.feedToken(model.signature().vocabulary().indexOf("r"));
 * s.setState(saved);                          // back to after "tyrannosau"
 * }</pre>
 *
 * <p>Each call returns the model's answer after the last step fed: for a language model, classifier
 * or labeller the probabilities over its tokens or classes; for a model of real values its outputs,
 * in the units of its data. Feeding a sequence piece by piece gives the same answers as feeding it
 * at once, up to float rounding. A session holds its own model instance: it belongs to one thread.
 */
public final class StreamingSession {
  private final Model model;
  private final SavedModel.Loaded loaded;
  private final ModelSignature signature;
  private final List<Model.NamedLayer> stateful = new ArrayList<>();
  /** Each stateful layer's states after the last step, or null at the start of a sequence. */
  private final List<Map<String, Tensor>> states = new ArrayList<>();
  private boolean started;

  StreamingSession(Model model, SavedModel.Loaded loaded, ModelSignature signature) {
    this.model = requireNonNull(model, "model is null");
    this.loaded = requireNonNull(loaded, "loaded is null");
    this.signature = requireNonNull(signature, "signature is null");
    String whyNot = StepwiseModels.whyNotStepwise(model, signature.inputKind() == InputKind.TEXT
        ? Tensor.of(new float[1], 1, 1) : Tensor.of(new float[featureCount()], 1, 1, featureCount()));
    if (whyNot != null) {
      throw new RecurException("this model cannot run step by step: " + whyNot);
    }
    for (Model.NamedLayer l : model.layers()) {
      if (l.layer() instanceof StatefulLayer) {
        stateful.add(l);
        states.add(null);
      }
    }
  }

  private int featureCount() {
    int[] shape = signature.inputShape();
    return shape[shape.length - 1];
  }

  /**
   * Feeds the tokens of {@code text}, prepared as the model's training text was; at the start of a
   * sequence the start symbol goes first where the model's data has one (as {@code predict} and
   * {@code sample} do).
   */
  public float[] feed(String text) {
    TextCodec codec = requireText();
    int[] ids = ItemEncoder.tokenIds(codec, requireNonNull(text, "text is null"), 0);
    if (!started && codec.startId() >= 0) {
      int[] withStart = new int[ids.length + 1];
      withStart[0] = codec.startId();
      System.arraycopy(ids, 0, withStart, 1, ids.length);
      ids = withStart;
    }
    if (ids.length == 0) {
      throw new InvalidItemException(0, "no tokens to feed");
    }
    float[] x = new float[ids.length];
    for (int i = 0; i < ids.length; i++) {
      x[i] = ids[i];
    }
    return run(Tensor.of(x, 1, ids.length));
  }

  /** Feeds one token by its id in {@link ModelSignature#vocabulary()}. */
  public float[] feedToken(int id) {
    TextCodec codec = requireText();
    if (id < 0 || id >= codec.vocabulary().size()) {
      throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, "
          + codec.vocabulary().size() + ")");
    }
    return run(Tensor.of(new float[] {id}, 1, 1));
  }

  /** Feeds one time step of a model of real values: its features, in the units of the data. */
  public float[] step(float... features) {
    if (signature.inputKind() != InputKind.NUMBERS) {
      throw new RecurException("this model reads text; feed it with feed(String) or feedToken(int)");
    }
    requireNonNull(features, "features is null");
    if (features.length != featureCount()) {
      throw new IllegalArgumentException("expected " + featureCount() + " features per step, got " + features.length);
    }
    float[] x = new float[features.length];
    for (int f = 0; f < x.length; f++) {
      x[f] = loaded.schema().normalization() == null ? features[f]
          : (float) loaded.schema().normalization().apply(features[f]);
    }
    return run(Tensor.of(x, 1, 1, x.length));
  }

  /** The state after the steps fed so far (zeros at the start of a sequence, once a step has shown its shapes). */
  public RecurrentState state() {
    Map<String, float[]> values = new LinkedHashMap<>();
    Map<String, int[]> shapes = new LinkedHashMap<>();
    for (int i = 0; i < stateful.size(); i++) {
      Map<String, Tensor> s = states.get(i);
      if (s == null) {
        s = ((StatefulLayer) stateful.get(i).layer()).finalStates();
        for (Map.Entry<String, Tensor> e : s.entrySet()) {
          int[] shape = e.getValue().shape();
          shape[1] = 1;
          values.put(stateful.get(i).name() + "." + e.getKey(), new float[size(shape)]);
          shapes.put(stateful.get(i).name() + "." + e.getKey(), shape);
        }
        continue;
      }
      for (Map.Entry<String, Tensor> e : s.entrySet()) {
        values.put(stateful.get(i).name() + "." + e.getKey(), e.getValue().data().clone());
        shapes.put(stateful.get(i).name() + "." + e.getKey(), e.getValue().shape());
      }
    }
    return new RecurrentState(values, shapes);
  }

  /**
   * Continues from {@code state} (one taken from a session of the same model, or changed with
   * {@link RecurrentState#with}).
   *
   * @throws IllegalArgumentException when a state is missing or has another shape
   */
  public void setState(RecurrentState state) {
    requireNonNull(state, "state is null");
    List<Map<String, Tensor>> next = new ArrayList<>();
    for (Model.NamedLayer l : stateful) {
      Map<String, Tensor> layerStates = new LinkedHashMap<>();
      String prefix = l.name() + ".";
      for (String name : state.names()) {
        if (name.startsWith(prefix)) {
          layerStates.put(name.substring(prefix.length()), Tensor.of(state.values(name), state.shape(name)));
        }
      }
      if (layerStates.isEmpty()) {
        throw new IllegalArgumentException("the state has nothing for layer '" + l.name() + "'; it has " + state.names());
      }
      next.add(layerStates);
    }
    for (int i = 0; i < next.size(); i++) {
      states.set(i, next.get(i));
    }
    started = true;
  }

  /** Forgets the sequence: the next call starts from the zero state (and the start symbol). */
  public void reset() {
    for (int i = 0; i < states.size(); i++) {
      states.set(i, null);
    }
    started = false;
  }

  private float[] run(Tensor x) {
    for (int i = 0; i < stateful.size(); i++) {
      ((StatefulLayer) stateful.get(i).layer()).startFrom(states.get(i));
    }
    Tensor out;
    try (Tensor.NoGrad g = Tensor.noGrad()) {
      out = model.forward(x, Contexts.evaluation(null));
    }
    for (int i = 0; i < stateful.size(); i++) {
      states.set(i, ((StatefulLayer) stateful.get(i).layer()).finalStates());
    }
    started = true;
    float[] last = lastRow(out);
    if (signature.kind() == ModelKind.REAL_VALUED) {
      for (int f = 0; f < last.length; f++) {
        last[f] = loaded.schema().normalization() == null ? last[f]
            : (float) loaded.schema().normalization().invert(last[f]);
      }
      return last;
    }
    return loaded.probabilities(Tensor.of(last, 1, last.length)).data().clone();
  }

  private static float[] lastRow(Tensor out) {
    int v = out.dim(-1);
    float[] d = out.data();
    return Arrays.copyOfRange(d, d.length - v, d.length);
  }

  private TextCodec requireText() {
    TextCodec codec = loaded.schema().codec();
    if (codec == null) {
      throw new RecurException("this model reads numbers; feed it with step(float...)");
    }
    return codec;
  }

  private static int size(int[] shape) {
    int n = 1;
    for (int d : shape) {
      n *= d;
    }
    return n;
  }
}
