package io.recur.config;

import io.recur.spi.Kind;
import io.recur.spi.ParamSpec;
import io.recur.spi.TypedValue;
import java.util.List;

/**
 * The declared keys of the {@code model:} section. {@code type: sequential} chains {@code
 * layers}; other architectures (the encoder–decoder) add their own types and keys later.
 */
public final class ModelParams {
  private ModelParams() {}

  public static final ParamSpec<String> TYPE = ParamSpec.ofChoice("type", "sequential")
      .byDefault("sequential").doc("how the layers are connected");
  public static final ParamSpec<List<TypedValue>> LAYERS =
      ParamSpec.ofTypedList("layers", Kind.LAYER).doc("the layers, input first; each may have a 'name:'");

  public static List<ParamSpec<?>> all() {
    return List.of(TYPE, LAYERS);
  }
}
