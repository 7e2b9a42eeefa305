package io.recur.api;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The recurrent state of a {@link StreamingSession}: every stateful layer's final states after the
 * steps fed so far, named {@code <layer>.h_n} (and {@code <layer>.c_n} for an lstm), each of shape
 * {@code [layers·directions, 1, units]} as PyTorch lays out {@code h_n}, the same as ONNX's {@code
 * Y_h}/{@code Y_c}. Immutable: {@link #with} gives a changed copy, to hand to {@link
 * StreamingSession#setState}.
 */
public final class RecurrentState {
  private final Map<String, float[]> values;
  private final Map<String, int[]> shapes;

  RecurrentState(Map<String, float[]> values, Map<String, int[]> shapes) {
    this.values = new LinkedHashMap<>();
    this.shapes = new LinkedHashMap<>();
    values.forEach((k, v) -> this.values.put(k, v.clone()));
    shapes.forEach((k, v) -> this.shapes.put(k, v.clone()));
  }

  /** The state tensors' names, in layer order. */
  public Set<String> names() {
    return Collections.unmodifiableSet(values.keySet());
  }

  /** The shape of {@code name}. */
  public int[] shape(String name) {
    return require(shapes, name).clone();
  }

  /** A copy of the values of {@code name}, row-major. */
  public float[] values(String name) {
    return require(values, name).clone();
  }

  /**
   * This state with {@code name} replaced by {@code newValues}.
   *
   * @throws IllegalArgumentException when the name is unknown or the length does not fit its shape
   */
  public RecurrentState with(String name, float[] newValues) {
    requireNonNull(newValues, "newValues is null");
    float[] old = require(values, name);
    if (newValues.length != old.length) {
      throw new IllegalArgumentException("state '" + name + "' holds " + old.length + " values "
          + Arrays.toString(shapes.get(name)) + ", got " + newValues.length);
    }
    Map<String, float[]> changed = new LinkedHashMap<>(values);
    changed.put(name, newValues);
    return new RecurrentState(changed, shapes);
  }

  private static <T> T require(Map<String, T> map, String name) {
    T v = map.get(requireNonNull(name, "name is null"));
    if (v == null) {
      throw new IllegalArgumentException("no state named '" + name + "'; the states are " + map.keySet());
    }
    return v;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof RecurrentState other) || !values.keySet().equals(other.values.keySet())) {
      return false;
    }
    for (String k : values.keySet()) {
      if (!Arrays.equals(values.get(k), other.values.get(k)) || !Arrays.equals(shapes.get(k), other.shapes.get(k))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (Map.Entry<String, float[]> e : values.entrySet()) {
      h = 31 * h + e.getKey().hashCode();
      h = 31 * h + Arrays.hashCode(e.getValue());
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("RecurrentState(");
    shapes.forEach((k, v) -> b.append(b.length() > 15 ? ", " : "").append(k).append(Arrays.toString(v)));
    return b.append(')').toString();
  }
}
