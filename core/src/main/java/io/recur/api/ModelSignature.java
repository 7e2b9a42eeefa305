package io.recur.api;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What a saved model takes and gives.
 *
 * @param experiment the experiment's name
 * @param kind what the model computes
 * @param inputKind text or numbers
 * @param inputShape the per-item input shape the model was trained on: {@code [T]} token ids,
 *     {@code [T, F]} values (variable-length models take other T)
 * @param outputShape the per-item output shape for that input
 * @param classes class names by index (a language model's or decoder's tokens); empty for real values
 * @param vocabulary the input tokens by id; empty for numbers
 * @param parameterCount trainable parameters
 * @param recurVersion the Recur version that loaded the model
 * @param weightsSha256 the sha256 of {@code weights.safetensors}, hexadecimal
 */
public record ModelSignature(String experiment, ModelKind kind, InputKind inputKind, int[] inputShape,
    int[] outputShape, List<String> classes, List<String> vocabulary, long parameterCount, String recurVersion,
    String weightsSha256) {
  public ModelSignature {
    requireNonNull(experiment, "experiment is null");
    requireNonNull(kind, "kind is null");
    requireNonNull(inputKind, "inputKind is null");
    inputShape = inputShape.clone();
    outputShape = outputShape.clone();
    classes = List.copyOf(classes);
    vocabulary = List.copyOf(vocabulary);
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }

  @Override
  public int[] outputShape() {
    return outputShape.clone();
  }
}
