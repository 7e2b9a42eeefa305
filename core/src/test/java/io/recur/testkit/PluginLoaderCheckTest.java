package io.recur.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.Kind;
import io.recur.spi.RecurException;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The kit refuses what {@code recur plugins} refuses although a plugin project's test class path
 * lacks the built-in: core's own test class path has no layer modules, so {@code dropout} is not
 * registered here, as in a plugin project.
 */
class PluginLoaderCheckTest {
  @TempDir Path tmp;

  @Test
  void aPluginLayerNamedLikeABuiltInFailsTheKitEvenWhereThatBuiltInIsAbsent() throws IOException {
    assertTrue(TestContexts.registry().find(Kind.LAYER, "dropout").isEmpty(), "dropout is not on core's class path");
    Path jar = pluginJar("clash.jar", "dropout");
    RecurException e = assertThrows(RecurException.class, () -> PluginLoaderCheck.load(jar));
    assertEquals(jar + ": layer type 'dropout' is already registered by a built-in of Recur (recur plugins refuses "
        + "it, even though this test class path lacks that built-in); plugin types need their own names", e.getMessage());
  }

  @Test
  void aPluginLayerWithItsOwnNameLoads() throws IOException {
    LoadedPlugins loaded = PluginLoaderCheck.load(pluginJar("own.jar", "gentle-dropout"));
    loaded.assertFromPlugin(Kind.LAYER, "gentle-dropout", "own.jar");
    assertTrue(loaded.names(Kind.LOSS).contains("cross-entropy"));
  }

  /** A plugin with one identity layer named {@code layerName}, compiled from source against recur-core. */
  private Path pluginJar(String jarName, String layerName) throws IOException {
    Path src = Files.createDirectories(tmp.resolve(jarName + "-src/org/example"));
    Files.writeString(src.resolve("ClashPlugin.java"), String.join("\n",
        "package org.example;",
        "import io.recur.spi.*;",
        "import io.recur.tensor.Tensor;",
        "import java.util.*;",
        "public final class ClashPlugin implements RecurPlugin {",
        "  @Override public List<LayerFactory> layers() { return List.of(new LayerFactory() {",
        "    public String name() { return \"" + layerName + "\"; }",
        "    public String doc() { return \"passes its input on\"; }",
        "    public List<ParamSpec<?>> params() { return List.of(); }",
        "    public Layer create(Params p, BuildContext c) {",
        "      int[] shape = c.inputShape();",
        "      return new Layer() {",
        "        public Tensor forward(Tensor input, ForwardContext f) { return input; }",
        "        public Map<String, Tensor> parameters() { return Map.of(); }",
        "        public int[] outputShape() { return shape.clone(); }",
        "      };",
        "    }",
        "  }); }",
        "}"), StandardCharsets.UTF_8);
    Path classes = Files.createDirectories(tmp.resolve(jarName + "-classes"));
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    StringWriter log = new StringWriter();
    boolean ok = javac.getTask(log, null, null, List.of("--release", "17", "-proc:none", "-classpath",
        System.getProperty("java.class.path"), "-d", classes.toString()), null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8)
            .getJavaFileObjects(src.resolve("ClashPlugin.java").toFile())).call();
    assertTrue(ok, log.toString());
    return PluginJarBuilder.create().provider("org.example.ClashPlugin").addTree(classes).writeTo(tmp.resolve(jarName));
  }
}
