package io.recur.spi;

/**
 * The value types a declared parameter can take. {@link #TYPED} is a reference to another
 * registered type of a given {@link Kind}: written in YAML either as a bare name
 * ({@code glorot-uniform}) or as a map with {@code type:} and that type's own parameters
 * ({@code {type: uniform, range: 0.1}}); it resolves to a {@link TypedValue}.
 * {@link #TYPED_LIST} is a list of such references (e.g. the layers of an encoder).
 * {@link #SECTION} is a nested map of its own declared keys ({@code training.early_stopping:
 * {patience: 5}}); it resolves to {@link Params}.
 */
public enum ParamType {
  INT("an integer"),
  DOUBLE("a number"),
  BOOLEAN("true or false"),
  STRING("a string"),
  CHOICE("one of the listed words"),
  INT_LIST("a list of integers"),
  DOUBLE_LIST("a list of numbers"),
  STRING_LIST("a list of strings"),
  TYPED("a type name or a map with 'type:'"),
  TYPED_LIST("a list of type names or maps with 'type:'"),
  SECTION("a map of its own keys");

  private final String description;

  ParamType(String description) {
    this.description = description;
  }

  /** Words for error messages: "expected an integer". */
  public String description() {
    return description;
  }
}
