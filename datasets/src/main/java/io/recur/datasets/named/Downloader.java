package io.recur.datasets.named;

import static java.util.Objects.requireNonNull;

import io.recur.datasets.named.NamedDataset.RemoteFile;
import io.recur.io.Sha256;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Fetches the files of named datasets over HTTP(S) from {@code <base>/<owner>/<repo>/<commit>/<path>},
 * the URL layout of {@code raw.githubusercontent.com}. The base is injectable so tests serve files
 * from a loopback server. A download is checked against the file's pinned sha256 (after turning
 * CR line ends into LF where the file asks for it) before anyone may save it.
 *
 * <p>Thread-safe. EXPERIMENTAL (issue 4).
 */
public final class Downloader {
  /** Where the pinned files are served from. */
  public static final URI GITHUB_RAW = URI.create("https://raw.githubusercontent.com/");
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(120);

  /** Why a download failed, in words for the end of a message: {@code HTTP 404 from <url>}. */
  public static final class Failure extends Exception {
    Failure(String reason) {
      super(reason);
    }
  }

  private final URI base;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  // built on the first download: every recur command registers the dataset factories, and an
  // HttpClient starts a selector thread, which most commands never need
  private HttpClient client;

  /**
   * @param base the server root, e.g. {@link #GITHUB_RAW} or {@code http://127.0.0.1:8080/}
   */
  public Downloader(URI base, Duration connectTimeout, Duration requestTimeout) {
    String b = requireNonNull(base, "base is null").toString();
    this.base = URI.create(b.endsWith("/") ? b : b + "/");
    this.connectTimeout = requireNonNull(connectTimeout, "connectTimeout is null");
    this.requestTimeout = requireNonNull(requestTimeout, "requestTimeout is null");
  }

  private synchronized HttpClient client() {
    if (client == null) {
      client = HttpClient.newBuilder().connectTimeout(connectTimeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }
    return client;
  }

  /** Downloads from raw.githubusercontent.com with the default timeouts. */
  public static Downloader github() {
    return new Downloader(GITHUB_RAW, CONNECT_TIMEOUT, REQUEST_TIMEOUT);
  }

  /** Where {@code file} of {@code dataset} is downloaded from. */
  public URI url(NamedDataset dataset, RemoteFile file) {
    return base.resolve(dataset.repository() + "/" + dataset.commit() + "/" + file.remotePath());
  }

  /**
   * The file's bytes as they are to be saved: downloaded, line ends converted where the file
   * asks for it, and checked against its sha256 when it has one.
   *
   * @throws Failure saying why: the server's status, an unreachable host, a timeout, or a digest
   *     that does not match
   */
  public byte[] fetch(NamedDataset dataset, RemoteFile file) throws Failure {
    URI url = url(dataset, file);
    HttpResponse<byte[]> response;
    try {
      HttpRequest request = HttpRequest.newBuilder(url).timeout(requestTimeout).GET().build();
      response = client().send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new Failure("no answer from " + url + " within the timeout");
    } catch (UnknownHostException e) {
      throw new Failure("cannot resolve the host of " + url + "; is the network down?");
    } catch (ConnectException e) {
      throw new Failure("cannot connect to " + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
          + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
    } catch (IOException e) {
      throw new Failure("cannot download " + url + ": " + e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Failure("interrupted while downloading " + url);
    }
    if (response.statusCode() != 200) {
      throw new Failure("HTTP " + response.statusCode() + " from " + url);
    }
    byte[] bytes = file.unixLineEnds() ? unixLineEnds(response.body()) : response.body();
    if (file.sha256() != null) {
      String got = Sha256.of(bytes);
      if (!got.equals(file.sha256())) {
        throw new Failure("the download from " + url + " has sha256 " + got + ", expected " + file.sha256()
            + "; nothing was saved");
      }
    }
    return bytes;
  }

  /** CR LF and lone CR become LF, and a last line without a line end gets one. */
  static byte[] unixLineEnds(byte[] in) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length + 1);
    for (int i = 0; i < in.length; i++) {
      if (in[i] == '\r') {
        out.write('\n');
        if (i + 1 < in.length && in[i + 1] == '\n') {
          i++;
        }
      } else {
        out.write(in[i]);
      }
    }
    byte[] bytes = out.toByteArray();
    if (bytes.length > 0 && bytes[bytes.length - 1] != '\n') {
      out.write('\n');
      bytes = out.toByteArray();
    }
    return bytes;
  }
}
