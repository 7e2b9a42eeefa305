package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.cli.pluginfaults.MissingDependencyPlugin;
import io.recur.cli.pluginfaults.RecursivePlugin;
import io.recur.testkit.PluginJarBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors thrown from a plugin's own code, at load or later, are the plugin's: one line naming the
 * plugin and where its code failed, exit 2, no stack trace (unless {@code --verbose}).
 */
class PluginFaultsTest {
  @TempDir Path tmp;

  @Test
  void aDependencyMissingFromThePluginJarIsNamedWhenCreateFirstUsesIt() throws IOException {
    Path jar = PluginJarBuilder.create().provider(MissingDependencyPlugin.class).writeTo(tmp.resolve("needs.jar"));
    Path config = tmp.resolve("exp.yaml");
    Files.writeString(config, String.join("\n",
        "name: needs",
        "data: {type: dummy-string, samples: 40}",
        "model: {layers: [{type: embedding, one_hot: true}, {type: flatten}, {type: dense, units: 2}]}",
        "loss: needs-a-dependency",
        "optimizer: {type: sgd, learning_rate: 0.1}",
        "training: {epochs: 1}",
        ""));
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", tmp.resolve("run").toString(),
        "--plugins", jar.toString());
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("needs.jar") && r.err().contains("MissingDependencyPlugin")
        && r.err().contains("create failed: NoClassDefFoundError: io/recur/cli/pluginfaults/MissingHelper"
            + " (a class the plugin needs is not in its jar or its folder"), r.err());
    assertFalse(r.err().contains("\tat ") || r.err().contains("internal error"), r.err());
  }

  @Test
  void aPluginOverflowingTheStackWhileRegisteringIsNamedInOneLine() {
    Path jar = PluginJarBuilder.create().provider(RecursivePlugin.class).writeTo(tmp.resolve("recursive.jar"));
    CliRunner.Result r = CliRunner.run("plugins", "--plugins", jar.toString());
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("recursive.jar") && r.err().contains("RecursivePlugin.losses failed:"
        + " StackOverflowError (endless recursion in the plugin's code)"), r.err());
    assertTrue(r.err().lines().count() <= 2, "one message, not a thousand stack lines: " + r.err().lines().count());
  }
}
