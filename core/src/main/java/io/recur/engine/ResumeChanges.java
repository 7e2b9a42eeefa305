package io.recur.engine;

import io.recur.config.ConfigHash;
import io.recur.config.ConfigYaml;
import io.recur.config.TrainingParams;
import io.recur.spi.RecurException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The config changes {@code --resume} accepts: {@code training.epochs} increased, to continue a
 * run (finished or not) to more epochs, and nothing else. Every other key shapes what the epochs
 * already trained computed (data, model, optimizer, batches) or how they were scored, so changing
 * it would give a run that no single config describes.
 */
final class ResumeChanges {
  private final Map<String, Object> resolved;
  private final int epochs;
  private final String configHash;
  /** The epochs of the saved config.yaml: the count the run was trained for so far. */
  private final int savedEpochs;

  private ResumeChanges(Map<String, Object> resolved, int epochs, String configHash, int savedEpochs) {
    this.resolved = resolved;
    this.epochs = epochs;
    this.configHash = configHash;
    this.savedEpochs = savedEpochs;
  }

  /**
   * Compares the run's saved config.yaml with the config given now.
   *
   * @throws RecurException at the first line that differs, or when the epochs were decreased
   */
  static ResumeChanges check(Path configFile, Map<String, Object> resolved, int epochs) {
    String saved;
    try {
      saved = Files.readString(configFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RecurException(configFile + ": cannot be read: " + e.getMessage(), e);
    }
    String config = ConfigYaml.write(resolved);
    int savedEpochs = epochs;
    if (!saved.equals(config)) {
      savedEpochs = savedEpochs(saved);
      // the same text once the epochs agree: epochs is the only change
      String sameEpochs = savedEpochs > 0 ? ConfigYaml.write(withEpochs(resolved, savedEpochs)) : config;
      if (!saved.equals(sameEpochs)) {
        throw different(configFile, saved, sameEpochs);
      }
      if (savedEpochs > epochs) {
        throw new RecurException(configFile + ":" + firstDifference(saved, config) + ": the run was started for "
            + savedEpochs + " epochs, the config now asks for " + epochs + "; --resume continues a run to the same or"
            + " more epochs, never fewer");
      }
    }
    return new ResumeChanges(resolved, epochs, ConfigHash.shortHash(resolved), savedEpochs);
  }

  /** True when the config asks for more epochs than the run had so far. */
  boolean extended() {
    return savedEpochs < epochs;
  }

  int savedEpochs() {
    return savedEpochs;
  }

  /**
   * The config hash a checkpoint written for {@code checkpointEpochs} epochs must carry: this
   * config's own hash, or that of this config with the epochs it was written for (before an
   * extension). {@code checkpointEpochs} is -1 for checkpoints that do not record it, which were
   * written for the saved config's epochs.
   */
  String hashFor(int checkpointEpochs) {
    int e = checkpointEpochs > 0 ? checkpointEpochs : savedEpochs;
    return e == epochs ? configHash : ConfigHash.shortHash(withEpochs(resolved, e));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> withEpochs(Map<String, Object> resolved, int epochs) {
    Map<String, Object> copy = new LinkedHashMap<>(resolved);
    Map<String, Object> training = new LinkedHashMap<>((Map<String, Object>) resolved.get("training"));
    training.put(TrainingParams.EPOCHS.name(), epochs);
    copy.put("training", training);
    return copy;
  }

  /** The {@code epochs:} of the training section of a config.yaml as ConfigYaml writes it, or -1. */
  private static int savedEpochs(String yaml) {
    boolean inTraining = false;
    for (String line : yaml.split("\n")) {
      if (!line.startsWith(" ")) {
        inTraining = line.equals("training:");
      } else if (inTraining && line.startsWith("  " + TrainingParams.EPOCHS.name() + ": ")) {
        try {
          return Integer.parseInt(line.substring(line.indexOf(':') + 1).strip());
        } catch (NumberFormatException e) {
          return -1;
        }
      }
    }
    return -1;
  }

  private static int firstDifference(String a, String b) {
    String[] x = a.split("\n", -1);
    String[] y = b.split("\n", -1);
    int line = 0;
    while (line < Math.min(x.length, y.length) && x[line].equals(y[line])) {
      line++;
    }
    return line + 1;
  }

  private static RecurException different(Path configFile, String saved, String config) {
    int line = firstDifference(saved, config);
    String[] a = saved.split("\n", -1);
    String[] b = config.split("\n", -1);
    String was = line <= a.length ? a[line - 1].strip() : "(end of file)";
    String now = line <= b.length ? b[line - 1].strip() : "(end of file)";
    return new RecurException(configFile + ":" + line + ": the run was started with a different config ('" + was
        + "', now '" + now + "'); --resume continues the same experiment, and accepts only training.epochs"
        + " increased. Give the same config and --set options, or start a new run in another --run-dir");
  }
}
