package io.recur.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One {@code --set path=value} applied to the merged config tree, before validation, so a set
 * value is checked exactly like a written one. The path uses keys and list indexes ({@code
 * model.layers[1].units}); the value is read as YAML ({@code 0.01}, {@code true}, {@code [2,1,0]},
 * {@code {type: adam}}). Every node the override creates is located at the argument itself, so a
 * bad value is reported as {@code --set optimizer.learning_rate=abc: …}.
 *
 * <p>Missing maps on the way are created ({@code training.epochs} without a {@code training:}
 * section). A bare type name on the way ({@code optimizer: sgd}) becomes {@code {type: sgd}} so
 * that one of its params can be set; setting the key itself ({@code optimizer=adam}) replaces the
 * whole value. Indexes must exist: {@code --set} changes lists, it does not grow them.
 */
final class SetOverride {
  private static final Pattern SEGMENT = Pattern.compile("([A-Za-z_][A-Za-z0-9_-]*)((?:\\[\\d+])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");
  private static final String EXAMPLE = "optimizer.learning_rate=0.01";

  private final YamlReader reader;

  SetOverride(YamlReader reader) {
    this.reader = requireNonNull(reader, "reader is null");
  }

  /** One step of a path: a map key or a list index. */
  record Step(String key, int index) {
    boolean isIndex() {
      return key == null;
    }
  }

  ConfigNode.Mapping apply(ConfigNode.Mapping top, String argument) {
    requireNonNull(argument, "argument is null");
    Location where = Location.whole("--set " + argument);
    int eq = argument.indexOf('=');
    if (eq < 0) {
      throw new ConfigException(where, "", "found no '='; expected path=value, like " + EXAMPLE);
    }
    String path = argument.substring(0, eq).trim();
    checkPath(path, where);
    ConfigNode value = reader.readValue(argument.substring(eq + 1), where);
    return apply(top, path, value, where);
  }

  /**
   * Sets {@code path} to a value read already (a sweep's choice, with its own location); a
   * problem with the path itself is reported at {@code where}.
   */
  static ConfigNode.Mapping apply(ConfigNode.Mapping top, String path, ConfigNode value, Location where) {
    return (ConfigNode.Mapping) set(top, checkPath(path, where), 0, "", value, where);
  }

  /** The steps of {@code path}, or a message at {@code where} saying why it is not a settable path. */
  static List<Step> checkPath(String path, Location where) {
    List<Step> steps = parse(path, where);
    if (!steps.get(0).isIndex() && steps.get(0).key().equals(ExtendsResolver.EXTENDS)) {
      throw new ConfigException(where, ExtendsResolver.EXTENDS,
          "is read before --set applies; expected a path inside the experiment, like " + EXAMPLE);
    }
    return steps;
  }

  private static List<Step> parse(String path, Location where) {
    List<Step> steps = new ArrayList<>();
    for (String part : path.split("\\.", -1)) {
      Matcher m = SEGMENT.matcher(part);
      if (!m.matches()) {
        throw new ConfigException(where, "", "'" + path + "' is not a valid path; expected keys and indexes"
            + " like model.layers[0].units");
      }
      steps.add(new Step(m.group(1), -1));
      Matcher index = INDEX.matcher(m.group(2));
      while (index.find()) {
        try {
          steps.add(new Step(null, Integer.parseInt(index.group(1))));
        } catch (NumberFormatException e) {
          throw new ConfigException(where, "", "index [" + index.group(1) + "] in '" + path + "' is too large");
        }
      }
    }
    return steps;
  }

  /** {@code node} with the value at {@code steps[i..]} replaced; {@code path} is where {@code node} sits. */
  private static ConfigNode set(ConfigNode node, List<Step> steps, int i, String path, ConfigNode value,
      Location where) {
    if (i == steps.size()) {
      return value;
    }
    Step step = steps.get(i);
    if (step.isIndex()) {
      String child = ConfigPaths.index(path, step.index());
      if (!(node instanceof ConfigNode.Sequence seq)) {
        throw new ConfigException(where, path, "found " + Found.describe(node) + ", which has no element ["
            + step.index() + "]; expected a list");
      }
      if (step.index() >= seq.items().size()) {
        String range = seq.items().isEmpty() ? "the list is empty"
            : "expected an index from 0 to " + (seq.items().size() - 1);
        throw new ConfigException(where, child, "index " + step.index() + " is out of range; " + range);
      }
      return seq.with(step.index(), set(seq.items().get(step.index()), steps, i + 1, child, value, where));
    }
    String child = ConfigPaths.key(path, step.key());
    ConfigNode.Mapping map = asMap(node, step, path, where);
    ConfigNode current = map.get(step.key());
    if (current == null) {
      if (i + 1 < steps.size() && steps.get(i + 1).isIndex()) {
        throw new ConfigException(where, child, "is not set, so it has no element [" + steps.get(i + 1).index()
            + "]; expected a list that the config already has");
      }
      current = new ConfigNode.Mapping(Map.of(), where);
    }
    return map.with(step.key(), where, set(current, steps, i + 1, child, value, where));
  }

  /** The map to set a key in: a map as is, a bare type name as {@code {type: name}}, null as empty. */
  private static ConfigNode.Mapping asMap(ConfigNode node, Step step, String path, Location where) {
    if (node instanceof ConfigNode.Mapping m) {
      return m;
    }
    if (node instanceof ConfigNode.Scalar s && s.isString()) {
      return ConfigMerge.typeMap(s);
    }
    if (node instanceof ConfigNode.Scalar s && s.value() == null) {
      return new ConfigNode.Mapping(Map.of(), s.location());
    }
    String expected = node instanceof ConfigNode.Sequence ? "an index, like " + ConfigPaths.index(path, 0) : "a map";
    throw new ConfigException(where, path, "found " + Found.describe(node) + ", which has no key '" + step.key()
        + "'; expected " + expected);
  }
}
