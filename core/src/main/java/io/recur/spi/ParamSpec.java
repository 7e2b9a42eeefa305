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
  /**
   * For a section whose keys depend on its first key (a choice, {@code type}): each choice's own
   * keys, which come after the first key and before the shared ones; empty for a plain section.
   */
  private final java.util.Map<String, List<ParamSpec<?>>> variants;
  /** A check of the whole value (a list's sum, say) beyond type and range; null for none. */
  private final java.util.function.Function<Object, String> check;

  private ParamSpec(
      String name, ParamType type, Class<?> javaType, T defaultValue, boolean required,
      boolean nullable, Double min, Double max, boolean minExclusive, boolean maxExclusive,
      List<String> choices, Kind refKind, String doc, List<ParamSpec<?>> section,
      java.util.Map<String, List<ParamSpec<?>>> variants, java.util.function.Function<Object, String> check) {
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
    java.util.Map<String, List<ParamSpec<?>>> copy = new java.util.LinkedHashMap<>();
    variants.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    this.variants = java.util.Collections.unmodifiableMap(copy);
    this.check = check;
  }

  private static <V> ParamSpec<V> of(String name, ParamType type, Class<?> javaType) {
    return new ParamSpec<>(name, type, javaType, null, true, false, null, null, false, false, List.of(), null, "", List.of(), java.util.Map.of(), null);
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
        false, false, List.of(choices), null, "", List.of(), java.util.Map.of(), null);
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
        false, false, List.of(), requireNonNull(kind, "kind is null"), "", List.of(), java.util.Map.of(), null);
  }

  /** A list of references to registered types of {@code kind}. */
  public static ParamSpec<List<TypedValue>> ofTypedList(String name, Kind kind) {
    return new ParamSpec<>(name, ParamType.TYPED_LIST, List.class, null, true, false, null, null,
        false, false, List.of(), requireNonNull(kind, "kind is null"), "", List.of(), java.util.Map.of(), null);
  }

  /**
   * A nested map of its own declared keys, e.g. {@code early_stopping: {patience: 5}}; resolves
   * to {@link Params} with every default filled in. Usually {@link #optional()}: absent means the
   * feature is off.
   */
  public static ParamSpec<Params> ofSection(String name, List<ParamSpec<?>> params) {
    return new ParamSpec<>(name, ParamType.SECTION, Params.class, null, true, false, null, null,
        false, false, List.of(), null, "", requireNonNull(params, "params is null"), java.util.Map.of(), null);
  }

  /**
   * A nested map whose keys depend on its {@code type}, as a registered type's params do, e.g.
   * {@code lr_schedule: {type: step, gamma: 0.5}}: a key of another type is an unknown key, and
   * the resolved section holds only the chosen type's keys.
   *
   * @param type the choice that selects the keys; its choices are {@code perType}'s keys
   * @param perType each choice's own keys, in order
   * @param shared keys every choice takes, after its own
   */
  public static ParamSpec<Params> ofSection(String name, ParamSpec<String> type,
      java.util.Map<String, List<ParamSpec<?>>> perType, List<ParamSpec<?>> shared) {
    requireNonNull(type, "type is null");
    if (!new java.util.HashSet<>(type.choices()).equals(perType.keySet())) {
      throw new IllegalArgumentException("section '" + name + "': the choices of '" + type.name() + "' "
          + type.choices() + " differ from the types given keys " + perType.keySet());
    }
    List<ParamSpec<?>> common = new java.util.ArrayList<>();
    common.add(type);
    common.addAll(shared);
    return new ParamSpec<>(name, ParamType.SECTION, Params.class, null, true, false, null, null,
        false, false, List.of(), null, "", common, new java.util.LinkedHashMap<>(perType), null);
  }

  /** Makes the parameter optional with this default. For TYPED, the default is a type name. */
  public ParamSpec<T> byDefault(T value) {
    return new ParamSpec<>(name, type, javaType, requireNonNull(value, "default is null"), false,
        nullable, min, max, minExclusive, maxExclusive, choices, refKind, doc, section, variants, check);
  }

  /** Makes the parameter optional with no value (read back as {@code null}, e.g. "no clipping"). */
  public ParamSpec<T> optional() {
    return new ParamSpec<>(name, type, javaType, null, false, true, min, max, minExclusive,
        maxExclusive, choices, refKind, doc, section, variants, check);
  }

  public ParamSpec<T> min(double minimum) {
    return new ParamSpec<>(name, type, javaType, defaultValue, required, nullable, minimum, max,
        false, maxExclusive, choices, refKind, doc, section, variants, check);
  }

  /** Strictly greater than {@code minimum}: a learning rate must be {@code > 0}. */
  public ParamSpec<T> above(double minimum) {
    return new ParamSpec<>(name, type, javaType, defaultValue, required, nullable, minimum, max,
        true, maxExclusive, choices, refKind, doc, section, variants, check);
  }

  public ParamSpec<T> max(double maximum) {
    return new ParamSpec<>(name, type, javaType, defaultValue, required, nullable, min, maximum,
        minExclusive, false, choices, refKind, doc, section, variants, check);
  }

  /** Strictly less than {@code maximum}: a dropout rate must be {@code < 1}. */
  public ParamSpec<T> below(double maximum) {
    return new ParamSpec<>(name, type, javaType, defaultValue, required, nullable, min, maximum,
        minExclusive, true, choices, refKind, doc, section, variants, check);
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
        minExclusive, maxExclusive, choices, refKind, doc, section, variants, v -> problem.apply((T) v));
  }

  /** What {@link #check} finds wrong with {@code value}, or null (also when there is no check). */
  public String problem(Object value) {
    return check == null || value == null ? null : check.apply(value);
  }

  public ParamSpec<T> doc(String text) {
    return new ParamSpec<>(name, type, javaType, defaultValue, required, nullable, min, max,
        minExclusive, maxExclusive, choices, refKind, requireNonNull(text, "doc is null"), section, variants, check);
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

  /**
   * For a section made with {@link #ofSection(String, ParamSpec, java.util.Map, List)}: each type's
   * own keys, in order; empty for every other parameter.
   */
  public java.util.Map<String, List<ParamSpec<?>>> sectionVariants() {
    return variants;
  }

  /**
   * The keys a section takes when its type is {@code type}: the type key, the type's own keys,
   * then the shared ones. For a plain section, {@link #sectionParams()}.
   */
  public List<ParamSpec<?>> sectionParams(String type) {
    List<ParamSpec<?>> own = variants.get(type);
    if (own == null) {
      return section;
    }
    List<ParamSpec<?>> keys = new java.util.ArrayList<>();
    keys.add(section.get(0));
    keys.addAll(own);
    keys.addAll(section.subList(1, section.size()));
    return List.copyOf(keys);
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
