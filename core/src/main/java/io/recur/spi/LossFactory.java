package io.recur.spi;

/** Builds a {@link Loss}; registered by name ({@code bce}, {@code cross-entropy}). */
public interface LossFactory extends TypeFactory {
  Loss create(Params params);
}
