package io.recur.config;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * One value as single-line YAML flow text ({@code 0.01}, {@code lstm}, {@code '3'}, {@code [2, 1, 0]},
 * {@code {type: adam}}) that reads back to the same value: the form of a {@code --set} value.
 */
public final class FlowYaml {
  private FlowYaml() {}

  /** @param value String, Number, Boolean, List or Map of those */
  public static String write(Object value) {
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.FLOW);
    options.setSplitLines(false);
    options.setWidth(Integer.MAX_VALUE);
    return new Yaml(options).dump(value).strip();
  }
}
