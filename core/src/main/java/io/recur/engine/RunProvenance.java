package io.recur.engine;

import static java.util.Objects.requireNonNull;

import io.recur.config.ConfigHash;
import io.recur.config.ExperimentSpec;
import io.recur.io.Json;
import io.recur.plugin.PluginProvenance;
import io.recur.registry.Registry;
import io.recur.run.Provenance;
import io.recur.run.RunDirectory;
import io.recur.spi.Dataset;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A run's {@code provenance.json}: written once when the run starts, then amended when the run is
 * continued to more epochs or leaves outputs unwritten.
 */
final class RunProvenance {
  private final ExperimentSpec spec;
  private final Registry registry;
  private final RunDirectory runDirectory;
  private final Consumer<String> notice;

  RunProvenance(ExperimentSpec spec, Registry registry, RunDirectory runDirectory, Consumer<String> notice) {
    this.spec = requireNonNull(spec, "spec is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.runDirectory = requireNonNull(runDirectory, "runDirectory is null");
    this.notice = requireNonNull(notice, "notice is null");
  }

  /** Writes provenance.json unless the run (resumed) has one already. */
  void writeIfAbsent(String hash, Dataset dataset, WarmStart.Applied warm) {
    if (Files.exists(runDirectory.path().resolve(RunDirectory.PROVENANCE))) {
      return;
    }
    Path workDir = spec.source().toAbsolutePath().getParent();
    Map<String, Object> provenance = new LinkedHashMap<>(Provenance.of(spec.name(), spec.seed(), hash,
        spec.data().type(), dataset.fingerprint(), PluginProvenance.jars(registry), workDir));
    provenance.put(Provenance.CONFIG_FILE, spec.source().toAbsolutePath().normalize().toString());
    if (warm != null) {
      provenance.put(Provenance.INIT_FROM, warm.provenance());
    }
    runDirectory.writeProvenance(provenance);
  }

  /**
   * Records in provenance.json that the run was continued to more epochs ({@link
   * Provenance#EXTENDED}), with the config hash it now has.
   */
  @SuppressWarnings("unchecked")
  void recordExtension(int from, int to) {
    Path file = runDirectory.path().resolve(RunDirectory.PROVENANCE);
    try {
      if (!(Json.read(Files.readString(file, StandardCharsets.UTF_8)) instanceof Map<?, ?> m)) {
        return;
      }
      Map<String, Object> provenance = new LinkedHashMap<>((Map<String, Object>) m);
      List<Object> extensions = provenance.get(Provenance.EXTENDED) instanceof List<?> l
          ? new ArrayList<>(l) : new ArrayList<>();
      extensions.add(new LinkedHashMap<>(Map.of("from_epochs", from, "to_epochs", to,
          "config_hash", provenance.getOrDefault(Provenance.CONFIG_HASH, Provenance.UNKNOWN))));
      provenance.put(Provenance.EXTENDED, extensions);
      provenance.put(Provenance.CONFIG_HASH, ConfigHash.shortHash(spec.resolved()));
      runDirectory.writeProvenance(provenance);
    } catch (IOException | RuntimeException e) {
      notice.accept("warning: " + file + " could not record the extension to " + to + " epochs: " + reason(e));
    }
  }

  /**
   * Records in provenance.json the outputs that could not be written ({@link
   * Provenance#INCOMPLETE}), or removes an earlier record when all were: the run's status, for
   * scripts, since the run itself succeeds.
   */
  @SuppressWarnings("unchecked")
  void recordIncomplete(Map<String, String> missing) {
    Path file = runDirectory.path().resolve(RunDirectory.PROVENANCE);
    try {
      Object doc = Json.read(Files.readString(file, StandardCharsets.UTF_8));
      if (!(doc instanceof Map<?, ?> m)) {
        return;
      }
      Map<String, Object> provenance = new LinkedHashMap<>((Map<String, Object>) m);
      if (missing.isEmpty() && !provenance.containsKey(Provenance.INCOMPLETE)) {
        return;
      }
      provenance.remove(Provenance.INCOMPLETE);
      if (!missing.isEmpty()) {
        provenance.put(Provenance.INCOMPLETE, new LinkedHashMap<>(missing));
      }
      runDirectory.writeProvenance(provenance);
    } catch (IOException | RuntimeException e) {
      notice.accept("warning: " + file + " could not record the outputs not written: " + reason(e));
    }
  }

  private static String reason(Throwable e) {
    return RunReportWriter.reason(e);
  }
}
