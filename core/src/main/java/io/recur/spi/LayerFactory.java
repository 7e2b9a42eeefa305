package io.recur.spi;

/** Builds a {@link Layer} from validated params for a known input; registered by name. */
public interface LayerFactory extends TypeFactory {
  /**
   * Called once per layer occurrence in a model, after validation. Must check that the input
   * shape fits and throw {@link RecurException} naming {@code context.name()} if not, e.g. {@code
   * layer 'enc' (lstm): input feature size expected 32, got 16}.
   */
  Layer create(Params params, BuildContext context);
}
