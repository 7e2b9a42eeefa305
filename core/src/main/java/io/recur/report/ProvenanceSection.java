package io.recur.report;

import io.recur.io.Json;
import io.recur.run.RunDirectory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Where the run came from, as {@code provenance.json} records it: config hash, seed, Recur and
 * Java versions, OS, plugin jars and the data's fingerprint (sha256), a warm start and any
 * extension. Every recorded key is shown, nested ones by their dotted path ({@code
 * dataset.fingerprint}, {@code plugins[0].sha256}), so a key added later appears without a change
 * here and an older file simply shows fewer rows.
 */
public final class ProvenanceSection implements ReportSection {
  @Override
  public String title() {
    return "Provenance";
  }

  @Override
  public Optional<String> render(ReportContext context) {
    if (context.runDirectory() == null) {
      return Optional.empty();
    }
    Path file = context.runDirectory().resolve(RunDirectory.PROVENANCE);
    Object doc;
    try {
      doc = Json.read(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      return Optional.empty();
    }
    if (!(doc instanceof Map<?, ?> m) || m.isEmpty()) {
      return Optional.empty();
    }
    StringBuilder b = new StringBuilder();
    b.append("<p class=\"note\">As recorded in <code>").append(RunDirectory.PROVENANCE)
        .append("</code>; <code>recur reproduce</code> trains the run again from it and its config.</p>\n");
    b.append("<table class=\"provenance\"><tr><th>key</th><th>value</th></tr>\n");
    rows(b, "", m);
    return Optional.of(b.append("</table>\n").toString());
  }

  private static void rows(StringBuilder b, String path, Object value) {
    if (value instanceof Map<?, ?> m && !m.isEmpty()) {
      m.forEach((k, v) -> rows(b, path.isEmpty() ? String.valueOf(k) : path + "." + k, v));
    } else if (value instanceof List<?> l && !l.isEmpty()) {
      for (int i = 0; i < l.size(); i++) {
        rows(b, path + "[" + i + "]", l.get(i));
      }
    } else {
      String shown = value instanceof Map<?, ?> || value instanceof List<?> ? "none" : String.valueOf(value);
      b.append("<tr><td>").append(Html.escape(path)).append("</td><td><code>").append(Html.escape(shown))
          .append("</code></td></tr>\n");
    }
  }
}
