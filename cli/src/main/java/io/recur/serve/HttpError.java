package io.recur.serve;

import java.util.Map;

/**
 * A request the server answers with an error status and {@code {"error": message}}: thrown
 * wherever a request is found wanting, and turned into the response in one place
 * ({@link InferenceServer}), so no handler writes error bodies of its own.
 */
final class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;
  private final Map<String, String> headers;

  HttpError(int status, String message) {
    this(status, message, Map.of());
  }

  HttpError(int status, String message, Map<String, String> headers) {
    super(message, null, false, false); // expected outcomes: no stack trace to fill
    this.status = status;
    this.headers = Map.copyOf(headers);
  }

  static HttpError badRequest(String message) {
    return new HttpError(400, message);
  }

  /** 503: come back later (the queue is full, or the server is shutting down). */
  static HttpError unavailable(String message) {
    return new HttpError(503, message, Map.of("Retry-After", "1"));
  }

  int status() {
    return status;
  }

  /** Headers the status calls for: {@code Allow} with 405, {@code Retry-After} with 503. */
  Map<String, String> headers() {
    return headers;
  }
}
