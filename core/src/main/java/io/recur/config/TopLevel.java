package io.recur.config;

import io.recur.spi.Kind;
import io.recur.spi.ParamSpec;
import io.recur.spi.TypedValue;
import java.util.List;

/**
 * The top-level keys of an experiment file, in the order {@code config.yaml} writes them. The
 * validator, the resolved tree and the JSON schema all read {@link #KEYS}, so a new section is
 * one line here (plus whatever reads its value).
 */
final class TopLevel {
  private TopLevel() {}

  /** A top-level key: either one declared value or a section of declared keys. */
  sealed interface Key {
    String name();

    boolean required();

    String doc();
  }

  /** A single value such as {@code seed: 7} or {@code optimizer: {type: adam}}. */
  record Value(ParamSpec<?> spec) implements Key {
    @Override
    public String name() {
      return spec.name();
    }

    @Override
    public boolean required() {
      return spec.required();
    }

    @Override
    public String doc() {
      return spec.doc();
    }
  }

  /** A map of its own declared keys, such as {@code training:}; absent means all defaults unless required. */
  record Section(String name, List<ParamSpec<?>> params, boolean required, String doc) implements Key {
    Section {
      params = List.copyOf(params);
    }
  }

  /**
   * {@code sweep:}, read by {@link SweepParser} rather than by the experiment resolver: its
   * settings are declared params, its {@code parameters:} map dotted paths to choices or ranges.
   * A trial is the experiment without it, so it never reaches a resolved config.
   */
  record Sweep(String name, List<ParamSpec<?>> settings, String doc) implements Key {
    Sweep {
      settings = List.copyOf(settings);
    }

    @Override
    public boolean required() {
      return false;
    }
  }

  static final ParamSpec<String> NAME = ParamSpec.ofString("name").doc("the experiment's name, shown in run summaries");
  static final ParamSpec<Integer> SEED =
      ParamSpec.ofInt("seed").byDefault(1).doc("root seed; every random stream derives from it");
  static final ParamSpec<String> DESCRIPTION = ParamSpec.ofString("description").optional().doc("free text");
  /**
   * Plugin jars or folders the experiment needs (issue 5). Read by {@link PluginList} before the
   * rest, because validating the other keys needs the registry those plugins extend; optional, so
   * configs without plugins resolve exactly as before.
   */
  static final ParamSpec<List<String>> PLUGINS = ParamSpec.ofStringList(PluginList.KEY).optional()
      .doc("plugin jars or plugin folders this experiment needs, relative to this file");
  static final ParamSpec<TypedValue> DATA =
      ParamSpec.ofTyped("data", Kind.DATASET).doc("the dataset to train and evaluate on");
  static final Section MODEL = new Section("model", ModelParams.all(), true, "the model architecture");
  static final ParamSpec<TypedValue> LOSS = ParamSpec.ofTyped("loss", Kind.LOSS).doc("the training objective");
  static final ParamSpec<TypedValue> OPTIMIZER =
      ParamSpec.ofTyped("optimizer", Kind.OPTIMIZER).doc("how the weights are updated");
  static final Section TRAINING = new Section("training", TrainingParams.all(), false, "the training loop");
  static final ParamSpec<List<TypedValue>> METRICS = ParamSpec.ofTypedList("metrics", Kind.METRIC)
      .byDefault(List.of()).doc("metrics reported every epoch, in table order");

  static final Sweep SWEEP = new Sweep(SweepParser.KEY, SweepParser.SETTINGS,
      "trials to run with recur sweep: values by dotted path, as --set takes them (docs/sweeps.md)");

  static final List<Key> KEYS = List.of(new Value(NAME), new Value(SEED), new Value(DESCRIPTION),
      new Value(PLUGINS), new Value(DATA), MODEL, new Value(LOSS), new Value(OPTIMIZER), TRAINING, new Value(METRICS), SWEEP);

  static List<String> names() {
    return KEYS.stream().map(Key::name).toList();
  }
}
