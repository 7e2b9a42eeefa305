package io.recur.spi;

/**
 * What a model's outputs are, as its loss reads them: {@code recur predict}, the Java API, {@code
 * recur generate} and the report turn them into probabilities accordingly. A {@link Loss} declares
 * it with {@link Loss#outputKind()}.
 */
public enum OutputKind {
  /** Unnormalised scores; probabilities are their softmax (a sigmoid for a single column). */
  LOGITS,
  /** Natural logs of probabilities (a log-softmax output); probabilities are their exponentials. */
  LOG_PROBABILITIES,
  /** Probabilities already (a softmax or sigmoid output); taken as they are. */
  PROBABILITIES,
  /** Real values (regression); taken as they are, never turned into probabilities. */
  VALUES
}
