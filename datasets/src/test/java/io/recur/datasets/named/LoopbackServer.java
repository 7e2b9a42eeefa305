package io.recur.datasets.named;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A tiny HTTP server on 127.0.0.1 for download tests: serves the bytes put under a path, answers
 * the status put under a path, 404 for anything else, and records what was asked for.
 */
public final class LoopbackServer implements AutoCloseable {
  private final HttpServer server;
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  public LoopbackServer() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      requests.add(path);
      byte[] body = files.get(path);
      int status = statuses.getOrDefault(path, body == null ? 404 : 200);
      byte[] out = status == 200 ? body : ("status " + status).getBytes();
      exchange.sendResponseHeaders(status, out.length);
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    });
    server.start();
  }

  /** Serves {@code bytes} at {@code path} ({@code /owner/repo/commit/file}). */
  public LoopbackServer serve(String path, byte[] bytes) {
    files.put(path, bytes);
    return this;
  }

  /** Answers {@code status} with a short body at {@code path}. */
  public LoopbackServer fail(String path, int status) {
    statuses.put(path, status);
    return this;
  }

  public URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  public List<String> requests() {
    return List.copyOf(requests);
  }

  public Downloader downloader() {
    return new Downloader(base(), Duration.ofSeconds(5), Duration.ofSeconds(10));
  }

  /** A downloader aimed at a loopback port nobody listens on: every download fails fast. */
  public static Downloader unreachable() {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Downloader(URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(5), Duration.ofSeconds(5));
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
