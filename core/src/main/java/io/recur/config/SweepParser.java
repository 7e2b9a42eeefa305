package io.recur.config;

import io.recur.registry.Registry;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.Suggestions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code sweep:} block: its settings are declared params (checked like any section),
 * and {@code parameters:} maps dotted paths to a list of choices or one range. This checks the
 * block's own shape only; whether a path and its values fit the experiment is found by applying
 * them ({@link SweepLoader}).
 */
final class SweepParser {
  static final String KEY = "sweep";
  static final String PARAMETERS = "parameters";
  static final String UNIFORM = "uniform";
  static final String LOG_UNIFORM = "log-uniform";
  static final String INT = "int";
  static final Set<String> RANGES = Set.of(UNIFORM, LOG_UNIFORM, INT);

  static final ParamSpec<String> METHOD = ParamSpec.ofChoice("method", "grid", "random", "halving", "hyperband")
      .byDefault("grid").doc("grid: every combination of the choices; random: 'trials' points drawn from the choices "
          + "and ranges; halving: successive halving over those points; hyperband: several halving brackets");
  static final ParamSpec<Integer> TRIALS = ParamSpec.ofInt("trials").min(1).optional()
      .doc("random (required), halving and hyperband (optional): how many points to draw instead of the grid");
  static final ParamSpec<Integer> SEED = ParamSpec.ofInt("seed").byDefault(1)
      .doc("seed of the sampling, so the same points (and Hyperband's bracket members) are drawn every time");
  // optional rather than defaulted, so that null can unset them (a grid extending a halving config)
  static final ParamSpec<Integer> MIN_EPOCHS = ParamSpec.ofInt("min_epochs").min(1).optional()
      .doc("halving and hyperband: the epochs of the first rung (the smallest budget); default: 1");
  static final ParamSpec<Integer> REDUCTION_FACTOR = ParamSpec.ofInt("reduction_factor").min(2).optional()
      .doc("halving and hyperband: each rung keeps the best 1/reduction_factor and trains them that many times "
          + "longer; default: 3");
  private static final int DEFAULT_MIN_EPOCHS = 1;
  private static final int DEFAULT_REDUCTION_FACTOR = 3;
  static final ParamSpec<Integer> MAX_EPOCHS = ParamSpec.ofInt("max_epochs").min(1).optional()
      .doc("halving and hyperband: the epochs of the last rung; default: training.epochs");
  static final ParamSpec<List<Integer>> SEEDS = ParamSpec.ofIntList("seeds").optional()
      .doc("repeat every point with each of these experiment seeds");
  static final ParamSpec<String> METRIC = ParamSpec.ofString("metric").byDefault("val.loss")
      .doc("<split>.<metric> that orders the summary, e.g. val.loss or val.accuracy");
  static final ParamSpec<String> MODE = ParamSpec.ofChoice("mode", "min", "max").optional()
      .doc("whether lower (min) or higher (max) is better; default: the metric's own (min for losses)");

  static final ParamSpec<String> EXECUTOR = ParamSpec.ofString("executor").optional()
      .doc("where trials run: a registered trial executor, such as local or spark (a plugin); "
          + "recur sweep --executor overrides it; default: local");

  /** The settings beside {@code parameters}, in the order docs and the schema list them. */
  static final List<ParamSpec<?>> SETTINGS = List.of(METHOD, TRIALS, SEED, SEEDS, METRIC, MODE, EXECUTOR,
      MIN_EPOCHS, REDUCTION_FACTOR, MAX_EPOCHS);

  /** The settings only halving and Hyperband take. */
  private static final List<ParamSpec<Integer>> HALVING_SETTINGS = List.of(MIN_EPOCHS, REDUCTION_FACTOR, MAX_EPOCHS);

  private static final String RANGE_FORMS =
      "{uniform: [low, high]}, {log-uniform: [low, high]} or {int: [low, high]}";

  private SweepParser() {}

  /** A range to draw from: {@code {log-uniform: [0.0001, 0.1]}}; the bounds are included. */
  record Range(String kind, double low, double high, Location location) {
    boolean isInt() {
      return kind.equals(INT);
    }
  }

  /**
   * One entry of {@code parameters:}.
   *
   * @param choices the written choices, or empty for a range
   * @param range the range, or null for a list of choices
   */
  record Parsed(String path, String label, Location keyLocation, List<ConfigNode> choices, Range range) {
    String domain() {
      if (range != null) {
        return range.kind() + " [" + bound(range.low(), range.isInt()) + ", " + bound(range.high(), range.isInt()) + "]";
      }
      return FlowYaml.write(choices.stream().map(SweepParser::plain).toList());
    }

    SweepSpec.Parameter parameter() {
      return new SweepSpec.Parameter(path, label, domain(), range != null && range.kind().equals(LOG_UNIFORM));
    }

    private static String bound(double d, boolean integer) {
      return integer ? Long.toString((long) d) : Assignment.shortValue(d);
    }
  }

  /**
   * The checked block: the public spec plus the written nodes that trials are built from.
   *
   * @param halving for halving and Hyperband: the budgets as written, {@code max_epochs} still to be
   *     defaulted from the experiment; null for grid and random
   */
  record Result(SweepSpec spec, List<Parsed> parameters, List<ConfigNode> seeds, Budgets halving) {}

  /**
   * Halving's budgets as written.
   *
   * @param maxEpochs null when the block leaves it to {@code training.epochs}
   */
  record Budgets(int minEpochs, int reductionFactor, Integer maxEpochs, Location location, Location minLocation) {
    SweepSpec.Halving withMax(int max) {
      if (minEpochs > max) {
        throw new ConfigException(minLocation, ConfigPaths.key(KEY, MIN_EPOCHS.name()), "is " + minEpochs
            + ", more than the last rung's " + max + " epochs (" + (maxEpochs == null ? "training.epochs" : "max_epochs")
            + "); expected min_epochs <= " + max);
      }
      return new SweepSpec.Halving(minEpochs, reductionFactor, max, location.toString());
    }
  }

  static Result parse(ConfigNode node, Registry registry) {
    if (!(node instanceof ConfigNode.Mapping map)) {
      throw new ConfigException(node.location(), KEY, "expected a map with '" + PARAMETERS + "' and settings ("
          + Suggestions.known(settingNames()) + "), got " + Found.describe(node));
    }
    Params settings = new ParamResolver(registry).params(map, SETTINGS, KEY, "in " + KEY, Set.of(PARAMETERS));
    SweepSpec.Method method = SweepSpec.Method.valueOf(settings.get(METHOD).toUpperCase(java.util.Locale.ROOT));
    List<ConfigNode> seeds = seeds(map);
    if (method == SweepSpec.Method.GRID) {
      refuseForGrid(map, TRIALS.name(), "a grid runs every combination; remove 'trials' or set method: random");
      refuseForGrid(map, SEED.name(), "a grid draws nothing; to repeat every trial with other experiment seeds, "
          + "use 'seeds: [1, 2, 3]'");
    } else if (method == SweepSpec.Method.RANDOM && settings.get(TRIALS) == null) {
      throw new ConfigException(map.location(), KEY, "missing required 'trials' for method: random (an integer >= 1: "
          + "how many points to draw)");
    } else if (method == SweepSpec.Method.HALVING && settings.get(TRIALS) == null) {
      refuseForGrid(map, SEED.name(), "halving without 'trials' runs every combination and draws nothing; add "
          + "'trials: N' to draw N points, or use 'seeds: [1, 2, 3]' for experiment seeds");
    }
    if (!method.prunes()) {
      for (ParamSpec<Integer> p : HALVING_SETTINGS) {
        ConfigNode.Entry e = map.entries().get(p.name());
        // null unsets a key (how a grid that extends a halving config drops the budgets)
        if (e != null && !isNull(e.value())) {
          throw new ConfigException(e.keyLocation(), ConfigPaths.key(KEY, p.name()), "is only for method: halving or "
              + "hyperband; a " + method.yamlName() + " sweep trains every trial for training.epochs");
        }
      }
    }
    boolean draws = settings.get(TRIALS) != null;
    List<Parsed> parameters = parameters(map, draws, !seeds.isEmpty());
    if (parameters.isEmpty() && draws) {
      throw new ConfigException(map.location(), KEY, "'trials' draws points, but there are no parameters to draw; "
          + "expected '" + PARAMETERS + "' with at least one path");
    }
    if (draws) {
      checkEnoughCombinations(map, parameters, settings.get(TRIALS));
    }
    Optional<SweepSpec.Mode> mode = Optional.ofNullable(settings.get(MODE))
        .map(m -> SweepSpec.Mode.valueOf(m.toUpperCase(java.util.Locale.ROOT)));
    ConfigNode metricNode = map.get(METRIC.name());
    String metricLocation = (metricNode != null ? metricNode.location() : map.location()).toString();
    ConfigNode executorNode = map.get(EXECUTOR.name());
    String executorLocation = (executorNode != null ? executorNode.location() : map.location()).toString();
    Budgets budgets = null;
    Optional<SweepSpec.Halving> halving = Optional.empty();
    if (method.prunes()) {
      ConfigNode minNode = map.get(MIN_EPOCHS.name());
      budgets = new Budgets(orDefault(settings.get(MIN_EPOCHS), DEFAULT_MIN_EPOCHS),
          orDefault(settings.get(REDUCTION_FACTOR), DEFAULT_REDUCTION_FACTOR), settings.get(MAX_EPOCHS),
          map.location(), minNode != null ? minNode.location() : map.location());
      // a stand-in until the loader knows training.epochs; the loader replaces the spec
      halving = Optional.of(new SweepSpec.Halving(budgets.minEpochs(), budgets.reductionFactor(),
          Math.max(budgets.minEpochs(), budgets.maxEpochs() == null ? 1 : budgets.maxEpochs()), map.location().toString()));
    }
    SweepSpec spec = new SweepSpec(method, draws ? settings.get(TRIALS) : 0,
        settings.get(SEED), settings.get(SEEDS) == null ? List.of() : settings.get(SEEDS), settings.get(METRIC),
        mode, parameters.stream().map(Parsed::parameter).toList(), metricLocation,
        Optional.ofNullable(settings.get(EXECUTOR)), executorLocation, halving);
    return new Result(spec, parameters, seeds, budgets);
  }

  private static int orDefault(Integer value, int byDefault) {
    return value == null ? byDefault : value;
  }

  /** A random sweep draws distinct points, so it cannot ask for more than its choices allow. */
  private static void checkEnoughCombinations(ConfigNode.Mapping map, List<Parsed> parameters, int trials) {
    long combinations = 1;
    for (Parsed p : parameters) {
      long size = p.range() == null ? p.choices().size()
          : p.range().isInt() ? (long) (p.range().high() - p.range().low()) + 1 : Long.MAX_VALUE;
      combinations = size == Long.MAX_VALUE || combinations > Long.MAX_VALUE / size ? Long.MAX_VALUE : combinations * size;
    }
    if (trials > combinations) {
      throw new ConfigException(map.get(TRIALS.name()).location(), ConfigPaths.key(KEY, TRIALS.name()), "asks for "
          + trials + " distinct trials, but the parameters allow only " + combinations + " combinations; expected at"
          + " most " + combinations + " (or method: grid to run every one)");
    }
  }

  static List<String> settingNames() {
    List<String> names = new ArrayList<>(List.of(PARAMETERS));
    SETTINGS.forEach(s -> names.add(s.name()));
    return names;
  }

  private static void refuseForGrid(ConfigNode.Mapping map, String key, String why) {
    ConfigNode.Entry e = map.entries().get(key);
    if (e != null) {
      throw new ConfigException(e.keyLocation(), ConfigPaths.key(KEY, key), "is only for method: random; " + why);
    }
  }

  /** The written seeds (already checked to be integers), distinct and at least one when given. */
  private static List<ConfigNode> seeds(ConfigNode.Mapping map) {
    ConfigNode node = map.get(SEEDS.name());
    if (!(node instanceof ConfigNode.Sequence seq)) {
      return List.of(); // absent or null: the param check has let only those through
    }
    String path = ConfigPaths.key(KEY, SEEDS.name());
    if (seq.items().isEmpty()) {
      throw new ConfigException(seq.location(), path, "the list is empty; expected at least one seed, like [1, 2, 3]");
    }
    checkDistinct(seq.items(), path, "seed");
    return seq.items();
  }

  private static List<Parsed> parameters(ConfigNode.Mapping map, boolean draws, boolean hasSeeds) {
    String path = ConfigPaths.key(KEY, PARAMETERS);
    String expected = "expected a map of dotted paths to a list of choices or a range, like "
        + "'optimizer.learning_rate: [0.001, 0.01]'";
    ConfigNode.Entry entry = map.entries().get(PARAMETERS);
    if (entry == null || isNull(entry.value())) {
      if (hasSeeds) {
        return List.of(); // a sweep over seeds alone repeats the experiment
      }
      Location where = entry == null ? map.location() : entry.value().location();
      throw new ConfigException(where, entry == null ? KEY : path, (entry == null ? "missing required '" + PARAMETERS
          + "' (and no 'seeds'); " : "is empty; ") + expected);
    }
    if (!(entry.value() instanceof ConfigNode.Mapping params)) {
      throw new ConfigException(entry.value().location(), path, expected + ", got " + Found.describe(entry.value()));
    }
    if (params.entries().isEmpty() && !hasSeeds) {
      throw new ConfigException(params.location(), path, "is empty; " + expected);
    }
    List<Parsed> parsed = new ArrayList<>();
    for (ConfigNode.Entry e : params.entries().values()) {
      parsed.add(parameter(e, draws, hasSeeds));
    }
    return withLabels(parsed, hasSeeds);
  }

  private static Parsed parameter(ConfigNode.Entry e, boolean draws, boolean hasSeeds) {
    String key = e.key();
    String path = ConfigPaths.key(ConfigPaths.key(KEY, PARAMETERS), key);
    List<SetOverride.Step> steps = SetOverride.checkPath(key, e.keyLocation());
    String first = steps.get(0).key();
    if (first.equals(KEY)) {
      throw new ConfigException(e.keyLocation(), path, "a sweep cannot change its own block; expected a path inside"
          + " the experiment, like optimizer.learning_rate");
    }
    if (key.equals(TopLevel.SEED.name()) && hasSeeds) {
      throw new ConfigException(e.keyLocation(), path, "sets the experiment seed, which 'sweep.seeds' sets already;"
          + " expected one of the two");
    }
    ConfigNode value = e.value();
    if (value instanceof ConfigNode.Sequence seq) {
      if (seq.items().isEmpty()) {
        throw new ConfigException(seq.location(), path, "the list of choices is empty; expected at least one value");
      }
      checkDistinct(seq.items(), path, "choice");
      return new Parsed(key, key, e.keyLocation(), seq.items(), null);
    }
    if (value instanceof ConfigNode.Mapping m) {
      Range range = range(m, path);
      if (!draws) {
        throw new ConfigException(m.location(), path, "{" + range.kind() + ": …} is a range, which only method: random"
            + " can draw from; expected a list of choices for a grid (or set method: random)");
      }
      return new Parsed(key, key, e.keyLocation(), List.of(), range);
    }
    throw new ConfigException(value.location(), path, "found " + Found.describe(value) + "; expected a list of choices"
        + " (like [" + (isNull(value) ? "0.01" : ((ConfigNode.Scalar) value).text()) + "]) or a range: " + RANGE_FORMS);
  }

  private static Range range(ConfigNode.Mapping m, String path) {
    if (m.entries().size() != 1) {
      throw new ConfigException(m.location(), path, "found a map with " + m.entries().size() + " keys; expected one"
          + " range, " + RANGE_FORMS + ", or a list of choices");
    }
    ConfigNode.Entry e = m.entries().values().iterator().next();
    String kind = e.key();
    String rangePath = ConfigPaths.key(path, kind);
    if (!RANGES.contains(kind)) {
      throw new ConfigException(e.keyLocation(), rangePath, "unknown range '" + kind + "'"
          + Suggestions.knownAndSuggestion(kind, RANGES));
    }
    if (!(e.value() instanceof ConfigNode.Sequence bounds) || bounds.items().size() != 2) {
      throw new ConfigException(e.value().location(), rangePath, "found " + describeBounds(e.value())
          + "; expected [low, high]");
    }
    boolean integer = kind.equals(INT);
    ParamSpec<?> boundSpec = integer ? ParamSpec.ofInt("bound") : ParamSpec.ofDouble("bound");
    double[] lh = new double[2];
    for (int i = 0; i < 2; i++) {
      ConfigNode b = bounds.items().get(i);
      String p = ConfigPaths.index(rangePath, i);
      lh[i] = integer ? ScalarValues.integer(b, boundSpec, p) : ScalarValues.number(b, boundSpec, p);
    }
    ConfigNode high = bounds.items().get(1);
    if (integer ? lh[0] > lh[1] : lh[0] >= lh[1]) {
      throw new ConfigException(high.location(), ConfigPaths.index(rangePath, 1), "high "
          + ((ConfigNode.Scalar) high).text() + " is " + (lh[0] == lh[1] ? "equal to" : "below") + " low "
          + ((ConfigNode.Scalar) bounds.items().get(0)).text() + "; expected low " + (integer ? "<=" : "<") + " high");
    }
    if (kind.equals(LOG_UNIFORM) && lh[0] <= 0) {
      ConfigNode low = bounds.items().get(0);
      throw new ConfigException(low.location(), ConfigPaths.index(rangePath, 0), "expected a number > 0 (a log-uniform"
          + " range needs positive bounds), got " + Found.describe(low));
    }
    return new Range(kind, lh[0], lh[1], m.location());
  }

  private static String describeBounds(ConfigNode node) {
    return node instanceof ConfigNode.Sequence s ? "a list of " + s.items().size() : Found.describe(node);
  }

  private static void checkDistinct(List<ConfigNode> items, String path, String what) {
    Map<Object, Integer> seen = new HashMap<>();
    for (int i = 0; i < items.size(); i++) {
      Object v = plain(items.get(i));
      Integer first = seen.putIfAbsent(v == null ? NullKey.NULL : v, i);
      if (first != null) {
        throw new ConfigException(items.get(i).location(), ConfigPaths.index(path, i), "duplicate " + what + " "
            + FlowYaml.write(v) + " (also at [" + first + "]); expected each " + what + " once");
      }
    }
  }

  private enum NullKey { NULL }

  /**
   * Short labels: the last segment of each path ({@code units}, {@code layers[1]}), or the whole
   * path where two parameters (or a parameter and the seed) would share one.
   */
  private static List<Parsed> withLabels(List<Parsed> parsed, boolean hasSeeds) {
    Map<String, Integer> counts = new HashMap<>();
    if (hasSeeds) {
      counts.put(TopLevel.SEED.name(), 1);
    }
    for (Parsed p : parsed) {
      counts.merge(lastSegment(p.path()), 1, Integer::sum);
    }
    List<Parsed> out = new ArrayList<>();
    for (Parsed p : parsed) {
      String last = lastSegment(p.path());
      String label = counts.get(last) > 1 ? p.path() : last;
      out.add(new Parsed(p.path(), label, p.keyLocation(), p.choices(), p.range()));
    }
    return out;
  }

  private static String lastSegment(String path) {
    return path.substring(path.lastIndexOf('.') + 1);
  }

  private static boolean isNull(ConfigNode node) {
    return node instanceof ConfigNode.Scalar s && s.value() == null;
  }

  /** A written value as plain Java; plain decimal text ({@code 1e-3}) as the Double it stands for. */
  static Object plain(ConfigNode node) {
    if (node instanceof ConfigNode.Mapping m) {
      Map<String, Object> map = new LinkedHashMap<>();
      m.entries().forEach((k, e) -> map.put(k, plain(e.value())));
      return map;
    }
    if (node instanceof ConfigNode.Sequence s) {
      List<Object> list = new ArrayList<>();
      s.items().forEach(i -> list.add(plain(i)));
      return list;
    }
    ConfigNode.Scalar s = (ConfigNode.Scalar) node;
    Double number = s.value() instanceof String ? ScalarValues.numberOrNull(s) : null;
    return number != null ? number : s.value();
  }
}
