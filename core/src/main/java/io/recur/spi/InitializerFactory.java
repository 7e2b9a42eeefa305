package io.recur.spi;

/** Builds an {@link Initializer}; registered by name ({@code glorot-uniform}). */
public interface InitializerFactory extends TypeFactory {
  Initializer create(Params params);
}
