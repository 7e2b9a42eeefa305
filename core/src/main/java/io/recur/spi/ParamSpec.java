package io.recur.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * One declared parameter of a registered type: its YAML name, value type, default, allowed
 * range and a one-line doc. Declared once as a constant on the factory; validation, {@code recur
 * validate --resolved}, {@code recur schema}, {@code recur plugins} and error messages all read
 * it, and the constant doubles as the typed accessor {@code params.get(UNITS)}.
 *
 * <p>Immutable: every builder method returns a copy.
 *
 * @param <T> the Java type of the resolved value: Integer, Double, Boolean, String, List of
 *     Integer/Double/String, {@link TypedValue}, List of TypedValue, or {@link Params} for a
 *     nested section
 */
public final class ParamSpec<T> {
  private final String name;
  private final ParamType type;
  private final Class<?> javaType;
  private final T defaultValue;
  private final boolean required;
  private final boolean nullable;
  private final Double min;
  private final Double max;
  private final boolean minExclusive;
  private final boolean maxExclusive;
  private final List<String> choices;
  private final Kind refKind;
  private final String doc;
  /** For SECTION: the nested map's declared keys; empty otherwise. */
  private final List<ParamSpec<?>> section;
  /** A check of the whole value (a list's sum, say) beyond type and range; null for none. */
  private final java.util.function.Function<Object, String> check;

  private ParamSpec(
      String name, ParamType type, Class<?> javaType, T defaultValue, boolean required,
      boolean nullable, Double min, Double max, boolean minExclusive, boolean maxExclusive,
      List<String> choices, Kind refKind, String doc, List<ParamSpec<?>> section,
      java.util.function.Function<Object, String> check) {
    this.name = requireNonNull(name, "name is null");
    this.type = requireNonNull(type, "type is null");
    this.javaType = javaType;
    this.defaultValue = defaultValue;
    this.required = required;
    this.nullable = nullable;
    this.min = min;
    this.max = max;
    this.minExclusive = minExclusive;
    this.maxExclusive = maxExclusive;
    this.choices = List.copyOf(choices);
    this.refKind = refKind;
    this.doc = doc;
    this.section = List.copyOf(section);
    this.check = check;
  }

  private static <V> ParamSpec<V> of(String name, ParamType type, Class<?> javaType) {
    return new ParamSpec<>(name, type, javaType, null, true, false, null, null, false, false, List.of(), null, "", List.of(), null);
  }

  public static ParamSpec<Integer> ofInt(String name) {
    return of(name, ParamType.INT, Integer.class);
  }

  public static ParamSpec<Double> ofDouble(String name) {
    return of(name, ParamType.DOUBLE, Double.class);
  }

  public static ParamSpec<Boolean> ofBoolean(String name) {
    return of(name, ParamType.BOOLEAN, Boolean.class);
  }

  public static ParamSpec<String> ofString(String name) {
    return of(name, ParamType.STRING, String.class);
  }

  /** A word out of a fixed set, e.g. {@code activation: tanh}. */
  public static ParamSpec<String> ofChoice(String name, String... choices) {
    return new ParamSpec<>(name, ParamType.CHOICE, String.class, null, true, false, null, null,
        false, false, List.of(choices), null, "", List.of(), null);
  }

  public static ParamSpec<List<Integer>> ofIntList(String name) {
    return of(name, ParamType.INT_LIST, List.class);
  }

  public static ParamSpec<List<Double>> ofDoubleList(String name) {
    return of(name, ParamType.DOUBLE_LIST, List.class);
  }

  public static ParamSpec<List<String>> ofStringList(String name) {
    return of(name, ParamType.STRING_LIST, List.class);
  }

  /** A reference to a registered type of {@code kind}, with its own parameters. */
  public static ParamSpec<TypedValue> ofTyped(String name, Kind kind) {
    return new ParamSpec<>(name, ParamType.TYPED, TypedValue.class, null, true, false, null, null,
        false, false, List.of(), requireNonNull(kind, "kind is null"), "", List.of(), null);
  }

  /** A list of references to registered types of {@code kind}. */
  public static ParamSpec<List<TypedValue>> ofTypedList(String name, Kind kind) {
    return new ParamSpec<>(name, ParamType.TYPED_LIST, List.class, null, true, false, null, null,
        false, false, List.of(), requireNonNull(kind, "kind is null"), "", List.of(), null);
  }

  /**
   * A nested map of its own declared keys, e.g. {@code early_stopping: {patience: 5}}; resolves
   * to {@link Params} with every default filled in. Usually {@link #optional()}: absent means the
   * feature is off.
   */
  public static ParamSpec<Params> ofSection(String name, List<ParamSpec<?>> params) {
    return new ParamSpec<>(name, ParamType.SECTION, Params.class, null, true, false, null, null,
        false, false, List.of(), null, "", requireNonNull(params, "params is null"), null);
  }

  /** Makes the parameter optional with this default. For TYPED, the default is a type name. */
  public ParamSpec<T> byDefault(T value) {
    return new ParamSpec<>(name, type, javaType, requireNonNull(value, "default is null"), false,
        nullable, min, max, minExclusive, maxExclusive, choices, refKind, doc, section, check);
  }

  /** Makes the parameter optional with no value (read back as {@code null}, e.g. "no clipping"). */
  public ParamSpec<T> optional() {
    return new ParamSpec<>(name, type, javaType, null, false, true, min, max, minExclusive,
        maxExclusive, choices, refKind, doc, section, check);
  }

  public ParamSpec<T> min(double minimum) {
    return new ParamSpec<>(name, type, javaType, defaultValue, required, nullable, minimum, max,
        false, maxExclusive, choices, refKind, doc, section, check);
  }

  /** Strictly greater than {@code minimum}: a learning rate must be {@code > 0}. */
  public ParamSpec<T> above(double minimum) {
    return new ParamSpec<>(name, type, javaType, defaultValue, required, nullable, minimum, max,
        true, maxExclusive, choices, refKind, doc, section, check);
  }

  public ParamSpec<T> max(double maximum) {
    return new ParamSpec<>(name, type, javaType, defaultValue, required, nullable, min, maximum,
        minExclusive, false, choices, refKind, doc, section, check);
  }

  /** Strictly less than {@code maximum}: a dropout rate must be {@code < 1}. */
  public ParamSpec<T> below(double maximum) {
    return new ParamSpec<>(name, type, javaType, defaultValue, required, nullable, min, maximum,
        minExclusive, true, choices, refKind, doc, section, check);
  }

  public ParamSpec<T> range(double minimum, double maximum) {
    return min(minimum).max(maximum);
  }

  /**
   * Adds a check of the whole value, run wherever a written value is resolved, so that {@code
   * validate} refuses what the component would refuse later ({@code split: [0, 0, 0]}).
   *
   * @param problem what is wrong with a value (a sentence), or null when it is fine
   */
  @SuppressWarnings("unchecked")
  public ParamSpec<T> check(java.util.function.Function<? super T, String> problem) {
    requireNonNull(problem, "problem is null");
    return new ParamSpec<>(name, type, javaType, defaultValue, required, nullable, min, max,
        minExclusive, maxExclusive, choices, refKind, doc, section, v -> problem.apply((T) v));
  }

  /** What {@link #check} finds wrong with {@code value}, or null (also when there is no check). */
  public String problem(Object value) {
    return check == null || value == null ? null : check.apply(value);
  }

  public ParamSpec<T> doc(String text) {
    return new ParamSpec<>(name, type, javaType, defaultValue, required, nullable, min, max,
        minExclusive, maxExclusive, choices, refKind, requireNonNull(text, "doc is null"), section, check);
  }

  public String name() {
    return name;
  }

  public ParamType type() {
    return type;
  }

  public Optional<T> defaultValue() {
    return Optional.ofNullable(defaultValue);
  }

  /** True when the YAML must give a value: no default and not {@link #optional()}. */
  public boolean required() {
    return required;
  }

  /** True when an absent value resolves to {@code null}. */
  public boolean nullable() {
    return nullable;
  }

  public Optional<Double> minimum() {
    return Optional.ofNullable(min);
  }

  public boolean minimumExclusive() {
    return minExclusive;
  }

  public Optional<Double> maximum() {
    return Optional.ofNullable(max);
  }

  public boolean maximumExclusive() {
    return maxExclusive;
  }

  public List<String> choices() {
    return choices;
  }

  /** For TYPED and TYPED_LIST: the kind whose registered names are allowed. */
  public Optional<Kind> referencedKind() {
    return Optional.ofNullable(refKind);
  }

  public String doc() {
    return doc;
  }

  /** For SECTION: the nested map's declared keys, in order; empty for every other type. */
  public List<ParamSpec<?>> sectionParams() {
    return section;
  }

  /** Casts a resolved value to this parameter's type; used by {@link Params#get}. */
  @SuppressWarnings("unchecked")
  T cast(Object value) {
    if (value != null && !javaType.isInstance(value)) {
      throw new IllegalStateException("parameter '" + name + "' holds " + value.getClass().getSimpleName()
          + ", expected " + javaType.getSimpleName());
    }
    return (T) value;
  }

  @Override
  public String toString() {
    return name + " (" + type.name().toLowerCase(java.util.Locale.ROOT) + ")";
  }
}
