package io.recur.export.onnx;

/**
 * A value flowing between layer exporters: its name in the graph and whether it holds int64
 * token ids (before an embedding) rather than float32 features. Batch-major, as Recur's layers
 * see it: {@code [batch, …per-sample shape]}.
 */
public record Value(String name, boolean tokenIds) {}
