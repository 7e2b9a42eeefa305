package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recur.config.ExperimentLoader;
import io.recur.config.ExperimentSpec;
import io.recur.engine.DataDirectory;
import io.recur.engine.ExperimentParts;
import io.recur.io.Json;
import io.recur.model.Contexts;
import io.recur.model.RandomStreams;
import io.recur.predict.PredictionRecords;
import io.recur.registry.Registry;
import io.recur.run.SavedModel;
import io.recur.spi.Dataset;
import io.recur.spi.Split;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Small models, generated data and the three output formats of {@code recur predict}, for the predict tests. */
final class PredictFixtures {
  private PredictFixtures() {}

  static Registry registry() {
    return Registry.discover(PredictFixtures.class.getClassLoader());
  }

  /** Trains {@code config} (a shipped one, or a file) into {@code run}; returns its model folder. */
  static Path train(Path config, Path run, String... sets) {
    List<String> args = new ArrayList<>(List.of("train", config.toString(), "--run-dir", run.toString()));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), "train " + config + ": " + r.err());
    return run.resolve("model");
  }

  /** A shipped config with {@code from} replaced by {@code to} (e.g. a named source by a fixture path). */
  static Path shippedWith(String config, Path dir, String from, String to) {
    try {
      String yaml = Files.readString(CliRunner.config(config));
      if (!yaml.contains(from)) {
        throw new AssertionError(config + " no longer holds '" + from + "'");
      }
      Path out = dir.resolve(config.replace('/', '-'));
      Files.writeString(out, yaml.replace(from, to));
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The dataset of a run, rebuilt from its config.yaml and seed as evaluate rebuilds it. */
  static Dataset dataset(Path run) {
    Registry registry = registry();
    ExperimentSpec spec = new ExperimentLoader(registry).load(run.resolve("config.yaml"));
    return ExperimentParts.loadDataset(spec, registry, DataDirectory.resolve(null, System.getenv()),
        new RandomStreams(spec.seed()));
  }

  /** The model's raw output on a split, laid out by the dataset (its padding and mask). */
  static Tensor forward(SavedModel.Loaded model, Split split) {
    try (Tensor.NoGrad g = Tensor.noGrad()) {
      return model.model().forward(split.inputs(), Contexts.evaluation(split.mask())).detach();
    }
  }

  /** The real steps of row {@code i} of a split: the mask's ones, else the whole row. */
  static int steps(Split split, int i) {
    int t = split.inputs().dim(1);
    if (split.mask() == null) {
      return t;
    }
    int n = 0;
    for (int k = 0; k < t; k++) {
      n += split.mask().data()[i * t + k] > 0 ? 1 : 0;
    }
    return n;
  }

  /** Distinct words over {@code letters}, 3 to 8 letters each, with a seeded random. */
  static List<String> words(int count, String letters, long seed) {
    Random random = new Random(seed);
    List<String> out = new ArrayList<>();
    java.util.Set<String> seen = new java.util.HashSet<>();
    while (out.size() < count) {
      int n = 3 + random.nextInt(6);
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < n; i++) {
        b.append(letters.charAt(random.nextInt(letters.length())));
      }
      if (seen.add(b.toString())) {
        out.add(b.toString());
      }
    }
    return out;
  }

  /** What one predict run printed, in all three formats. */
  record Outputs(List<List<String>> tsv, List<List<String>> csv, List<Map<String, Object>> jsonl) {
    List<String> tsvHeader() {
      return tsv.get(0);
    }

    /** The table rows without the header. */
    List<List<String>> tsvRows() {
      return tsv.subList(1, tsv.size());
    }

    List<List<String>> csvRows() {
      return csv.subList(1, csv.size());
    }

    /** A TSV column by header name. */
    List<String> column(String name) {
      int c = tsvHeader().indexOf(name);
      if (c < 0) {
        throw new AssertionError("no column " + name + " in " + tsvHeader());
      }
      return tsvRows().stream().map(r -> r.get(c)).toList();
    }
  }

  /** Runs predict on {@code input} with each format (written to files), checks they agree on the table, and returns them. */
  @SuppressWarnings("unchecked")
  static Outputs predictAll(Path model, Path input, Path dir, String... extra) throws IOException {
    List<List<String>> tsv = null;
    List<List<String>> csv = null;
    List<Map<String, Object>> jsonl = new ArrayList<>();
    for (String format : List.of("tsv", "csv", "jsonl")) {
      Path out = dir.resolve(input.getFileName() + ".predicted." + format);
      List<String> args = new ArrayList<>(List.of("predict", "--model", model.toString(), "--input", input.toString(),
          "--format", format, "--output", out.toString()));
      args.addAll(List.of(extra));
      CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
      assertEquals(0, r.exitCode(), "predict --format " + format + ": " + r.err());
      String text = Files.readString(out);
      switch (format) {
        case "tsv" -> tsv = text.lines().map(l -> Arrays.stream(l.split("\t", -1)).map(PredictFixtures::unescapeTsv)
            .toList()).toList();
        case "csv" -> csv = parseCsv(text);
        default -> {
          for (String line : text.lines().toList()) {
            jsonl.add((Map<String, Object>) Json.read(line));
          }
        }
      }
    }
    List<String> items = Files.readAllLines(input).stream().filter(l -> !l.isBlank()).toList();
    assertEquals(items.size() + 1, tsv.size(), "tsv: a header and one row per non-blank input line");
    assertEquals(items.size() + 1, csv.size(), "csv: a header and one row per non-blank input line");
    assertEquals(items.size(), jsonl.size(), "jsonl: one object per non-blank input line");
    assertEquals(tsv.get(0), csv.get(0), "the same columns in tsv and csv");
    for (int i = 0; i < items.size(); i++) {
      assertEquals(String.valueOf(i), tsv.get(i + 1).get(0), "index column, in input order");
      assertEquals(tsv.get(i + 1), csv.get(i + 1), "row " + i + ": tsv and csv agree");
    }
    return new Outputs(tsv, csv, jsonl);
  }

  /** A tsv field as written: {@code \\t}, {@code \\n}, {@code \\r} and {@code \\\\} stand for a tab, line breaks and a backslash. */
  static String unescapeTsv(String field) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < field.length(); i++) {
      char c = field.charAt(i);
      if (c == '\\' && i + 1 < field.length()) {
        char e = field.charAt(++i);
        b.append(switch (e) {
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'r' -> '\r';
          default -> e;
        });
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** RFC 4180: fields separated by commas, quoted when they hold a comma, a quote or a line break. */
  static List<List<String>> parseCsv(String text) {
    List<List<String>> rows = new ArrayList<>();
    List<String> row = new ArrayList<>();
    StringBuilder field = new StringBuilder();
    boolean quoted = false;
    boolean any = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      any = true;
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          field.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          field.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        row.add(field.toString());
        field.setLength(0);
      } else if (c == '\n') {
        row.add(field.toString());
        field.setLength(0);
        rows.add(row);
        row = new ArrayList<>();
        any = false;
      } else {
        field.append(c);
      }
    }
    if (any) {
      row.add(field.toString());
      rows.add(row);
    }
    return rows;
  }

  static String fixed(double v) {
    return PredictionRecords.fixed(v);
  }

  static double number(Object o) {
    return ((Number) o).doubleValue();
  }

  /** A metric of {@code recur evaluate --split test} on the model's own data. */
  @SuppressWarnings("unchecked")
  static double evaluate(Path model, Path dir, String metric) throws IOException {
    Path out = dir.resolve("evaluation-" + model.getParent().getFileName() + ".json");
    CliRunner.Result r = CliRunner.run("evaluate", "--model", model.toString(), "--split", "test", "--output",
        out.toString());
    assertEquals(0, r.exitCode(), "evaluate: " + r.err());
    Map<String, Object> doc = (Map<String, Object>) Json.read(Files.readString(out));
    Object v = ((Map<String, Object>) doc.get("metrics")).get("test." + metric);
    if (v == null) {
      throw new AssertionError("evaluate gave no test." + metric + ": " + doc);
    }
    return number(v);
  }
}
