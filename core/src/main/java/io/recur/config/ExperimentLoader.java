package io.recur.config;

import static java.util.Objects.requireNonNull;

import io.recur.registry.Registry;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads an experiment YAML file into a validated {@link ExperimentSpec}: the file and its
 * {@code extends:} chain are merged, each {@code --set} override is applied, and the result is
 * checked against the types and params in the {@link Registry} with every default filled in.
 * Nothing is built and no data is read, so a bad config fails before any work starts.
 *
 * <p>YAML is read in safe mode only: text is composed to nodes, never constructed into
 * arbitrary classes. Problems are thrown as {@link ConfigException} with {@code
 * file:line:col: path: …} messages; the first one, in document order, wins. Thread-safe: each
 * call works on its own state.
 */
public final class ExperimentLoader {
  private final Registry registry;
  private final YamlReader reader = new YamlReader();

  public ExperimentLoader(Registry registry) {
    this.registry = requireNonNull(registry, "registry is null");
  }

  /** {@link #load(Path, List)} with no overrides. */
  public ExperimentSpec load(Path yaml) {
    return load(yaml, List.of());
  }

  /**
   * @param yaml the experiment file; messages name it as given, bases relative to it
   * @param overrides {@code --set} arguments, {@code dotted.path=value}, applied in order after
   *     {@code extends:} is merged
   * @throws ConfigException for anything wrong with the file, its bases or an override
   */
  public ExperimentSpec load(Path yaml, List<String> overrides) {
    requireNonNull(yaml, "yaml is null");
    requireNonNull(overrides, "overrides is null");
    return resolve(tree(yaml, overrides), yaml);
  }

  /**
   * Where each value of {@link #load(Path, List)}'s experiment was written, for checks made after
   * it is resolved. Reads the files again: cheap next to anything worth checking that way.
   */
  public ConfigLocations locations(Path yaml, List<String> overrides) {
    return new ConfigLocations(tree(yaml, overrides), yaml.toString());
  }

  /**
   * The file merged over its bases with every override applied: the tree before validation,
   * which {@link SweepLoader} changes once per trial.
   */
  ConfigNode.Mapping tree(Path yaml, List<String> overrides) {
    ConfigNode.Mapping tree = new ExtendsResolver(reader).read(yaml);
    SetOverride set = new SetOverride(reader);
    for (String override : overrides) {
      tree = replacedSource(set.apply(tree, override), override);
    }
    return tree;
  }

  /**
   * A data file named on the command line replaces the named dataset the config reads, and a
   * named dataset replaces a file: {@code --set data.path=other.txt} on a config with {@code
   * source: tinyshakespeare} reads other.txt, where keeping both would be a clash.
   */
  private static ConfigNode.Mapping replacedSource(ConfigNode.Mapping tree, String override) {
    String path = override.substring(0, Math.max(0, override.indexOf('='))).strip();
    String other = switch (path) {
      case "data.path" -> "source";
      case "data.source" -> "path";
      default -> null;
    };
    if (other == null || !(tree.get("data") instanceof ConfigNode.Mapping data) || data.get(other) == null) {
      return tree;
    }
    return tree.with("data", tree.entries().get("data").keyLocation(), data.without(other));
  }

  /** Validates a tree of {@link #tree} (or one derived from it) read from {@code yaml}. */
  ExperimentSpec resolve(ConfigNode.Mapping tree, Path yaml) {
    // plugins: paths become absolute, so the resolved config.yaml finds them from a run directory (#5)
    return new ExperimentResolver(registry).resolve(PluginList.absolutePaths(tree), yaml);
  }

  /**
   * Reads chosen top-level keys of a YAML file (and the files it {@code extends:}), each
   * resolved against its spec with the usual checks and defaults; other keys are ignored. For
   * files that are not whole experiments: the {@code data:} of a dataset file for {@code recur
   * evaluate --data}, the loss and metrics of a run's config.
   *
   * @throws ConfigException when the file is missing or invalid, or a required key is absent
   */
  public Params loadKeys(Path yaml, List<ParamSpec<?>> specs) {
    requireNonNull(yaml, "yaml is null");
    requireNonNull(specs, "specs is null");
    ConfigNode.Mapping top = new ExtendsResolver(reader).read(yaml);
    ParamResolver resolver = new ParamResolver(registry);
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParamSpec<?> spec : specs) {
      ConfigNode node = top.get(spec.name());
      if (node != null) {
        values.put(spec.name(), resolver.value(spec, node, spec.name()));
      } else if (spec.required()) {
        throw ParamResolver.missing(top.location(), "", spec);
      } else {
        values.put(spec.name(), resolver.defaultValue(spec, top.location(), spec.name()));
      }
    }
    return Params.of(values);
  }

  /**
   * Reads one section of a YAML file other than an experiment (a saved model's {@code
   * model.yaml} keeps its {@code model:} section in the experiment's form) and resolves it
   * against {@code specs}, with the same checks and messages as an experiment.
   *
   * @throws ConfigException when the file or the section is missing or invalid
   */
  public Params loadSection(Path yaml, String key, List<ParamSpec<?>> specs) {
    requireNonNull(yaml, "yaml is null");
    String display = yaml.toString();
    ConfigNode root = reader.readFile(yaml, display)
        .orElseThrow(() -> new ConfigException(display, "", "the file is empty; expected a map with '" + key + "'"));
    if (!(root instanceof ConfigNode.Mapping top)) {
      throw new ConfigException(root.location(), "", "expected a map with '" + key + "', got " + Found.describe(root));
    }
    ConfigNode.Entry entry = top.entries().get(key);
    if (entry == null) {
      throw new ConfigException(top.location(), "", "missing required '" + key + "'");
    }
    if (!(entry.value() instanceof ConfigNode.Mapping section)) {
      throw new ConfigException(entry.value().location(), key, "expected a map, got " + Found.describe(entry.value()));
    }
    return new ParamResolver(registry).params(section, specs, key, "in " + key, Set.of());
  }
}
