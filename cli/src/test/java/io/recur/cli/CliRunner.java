package io.recur.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs the CLI in-process and captures what it prints. */
final class CliRunner {
  record Result(int exitCode, String out, String err) {}

  private CliRunner() {}

  static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** The repository root (set by the build; falls back to the parent of the module folder). */
  static Path repoRoot() {
    String root = System.getProperty("recur.repo.root");
    return root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
  }

  static Path config(String relative) {
    return repoRoot().resolve("configs").resolve(relative);
  }
}
