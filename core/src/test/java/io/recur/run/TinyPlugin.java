package io.recur.run;

import io.recur.builtin.CorePlugin;
import io.recur.registry.Registry;
import io.recur.spi.BuildContext;
import io.recur.spi.DataContext;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.DatasetFactory;
import io.recur.spi.Initializer;
import io.recur.spi.Kind;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.RecurPlugin;
import io.recur.spi.Split;
import io.recur.spi.TypedValue;
import io.recur.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The smallest plugin that lets core's own tests build, save and train a real model from a YAML
 * experiment, since core has no layers or datasets of its own: an {@code affine} layer ({@code
 * y = act(x·Wᵀ + b)} over real-valued features) and a {@code points} dataset (two classes of 2-D
 * points, {@code pos} when x0 + x1 > 0). Shared by the run and engine tests.
 */
public final class TinyPlugin implements RecurPlugin {
  /** Where {@link #registry()} says the tiny types come from. */
  public static final String SOURCE = "tiny-plugin.jar (TinyPlugin)";

  static final ParamSpec<Integer> UNITS = ParamSpec.ofInt("units").min(1).doc("output features");
  static final ParamSpec<String> ACTIVATION = ParamSpec.ofChoice("activation", "identity", "sigmoid", "softmax",
      "log-softmax").byDefault("identity").doc("applied to the output");
  static final ParamSpec<TypedValue> INIT = ParamSpec.ofTyped("init", Kind.INITIALIZER)
      .byDefault(TypedValue.of(Kind.INITIALIZER, "glorot-uniform", Params.empty())).doc("initialiser of W");
  static final ParamSpec<Integer> SAMPLES = ParamSpec.ofInt("samples").min(4).byDefault(16).doc("points drawn");

  /** Core's built-ins (losses, optimizers, metrics, initialisers) and the tiny types. */
  public static Registry registry() {
    return Registry.builder().add(new CorePlugin(), "built-in").add(new TinyPlugin(), SOURCE).build();
  }

  @Override
  public List<LayerFactory> layers() {
    return List.of(new AffineFactory());
  }

  @Override
  public List<DatasetFactory> datasets() {
    return List.of(new PointsFactory());
  }

  /** {@code affine}: weight {@code [units, features]} from {@code init}, bias {@code [units]} zero. */
  static final class AffineFactory implements LayerFactory {
    @Override public String name() {
      return "affine";
    }

    @Override public String doc() {
      return "y = act(x W^T + b)";
    }

    @Override public List<ParamSpec<?>> params() {
      return List.of(UNITS, ACTIVATION, INIT);
    }

    @Override public Layer create(Params params, BuildContext context) {
      int[] in = context.inputShape();
      if (in.length != 1) {
        throw new RecurException("layer '" + context.name() + "' (affine): expected one feature axis, got "
            + java.util.Arrays.toString(in));
      }
      int units = params.get(UNITS);
      Tensor weight = Tensor.parameter(units, in[0]);
      Initializer init = context.initializer(params.get(INIT));
      init.initialize(weight, in[0], units, context.random());
      return new Affine(weight, Tensor.parameter(units), params.get(ACTIVATION));
    }
  }

  private static final class Affine implements Layer {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final String activation;

    Affine(Tensor weight, Tensor bias, String activation) {
      params.put("weight", weight);
      params.put("bias", bias);
      this.activation = activation;
    }

    @Override public Tensor forward(Tensor input, io.recur.spi.ForwardContext context) {
      Tensor y = input.linear(params.get("weight"), params.get("bias"));
      return switch (activation) {
        case "sigmoid" -> y.sigmoid();
        case "softmax" -> y.softmax();
        case "log-softmax" -> y.logSoftmax();
        default -> y;
      };
    }

    @Override public Map<String, Tensor> parameters() {
      return params;
    }

    @Override public int[] outputShape() {
      return new int[] {params.get("bias").size()};
    }
  }

  /** {@code points}: 3/4 of the samples train, the rest validate; targets are class indices {@code [N]}. */
  static final class PointsFactory implements DatasetFactory {
    @Override public String name() {
      return "points";
    }

    @Override public String doc() {
      return "2-D points, pos when x0 + x1 > 0";
    }

    @Override public List<ParamSpec<?>> params() {
      return List.of(SAMPLES);
    }

    @Override public Dataset create(Params params, DataContext context) {
      int n = params.get(SAMPLES);
      RandomGenerator random = context.random();
      float[] x = new float[2 * n];
      float[] y = new float[n];
      for (int i = 0; i < n; i++) {
        x[2 * i] = (float) (2 * random.nextDouble() - 1);
        x[2 * i + 1] = (float) (2 * random.nextDouble() - 1);
        y[i] = x[2 * i] + x[2 * i + 1] > 0 ? 1 : 0;
      }
      int train = n * 3 / 4;
      Map<String, Split> splits = new LinkedHashMap<>();
      splits.put(Dataset.TRAIN, new Split(Tensor.of(java.util.Arrays.copyOf(x, 2 * train), train, 2),
          Tensor.of(java.util.Arrays.copyOf(y, train), train), null));
      splits.put(Dataset.VALIDATION, new Split(
          Tensor.of(java.util.Arrays.copyOfRange(x, 2 * train, 2 * n), n - train, 2),
          Tensor.of(java.util.Arrays.copyOfRange(y, train, n), n - train), null));
      return new Dataset() {
        @Override public DataSchema schema() {
          return new DataSchema(new int[] {2}, 0, List.of("neg", "pos"), null);
        }

        @Override public Map<String, Split> splits() {
          return splits;
        }

        @Override public String fingerprint() {
          return "points-" + n;
        }
      };
    }
  }
}
