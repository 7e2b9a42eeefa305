package io.recur.cli;

import io.recur.plugin.PluginClassLoader;
import io.recur.plugin.PluginInfo;
import io.recur.plugin.PluginJar;
import io.recur.plugin.PluginProvenance;
import io.recur.registry.Registry;
import io.recur.spi.Kind;
import io.recur.spi.ParamSpec;
import io.recur.spi.sweep.TrialExecutor;
import io.recur.sweep.TrialExecutors;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;

/** {@code recur plugins}: every registered type by kind, with its parameters and where it comes from. */
@Command(name = "plugins", mixinStandardHelpOptions = true,
    description = "List every registered type by kind, with its parameters and the jar it comes from.")
final class PluginsCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Registry registry = common.registry();
    PrintWriter out = spec.commandLine().getOut();
    for (Kind kind : Kind.values()) {
      out.println(kind.plural() + ":");
      for (Registry.Entry e : registry.entries(kind)) {
        out.println("  " + e.name() + "  — " + e.factory().doc() + "  [" + e.source() + "]");
        for (ParamSpec<?> p : e.factory().params()) {
          out.println("      " + describe(p));
        }
      }
      out.println();
    }
    out.println("trial executors:");
    for (TrialExecutor e : TrialExecutors.all(registry)) {
      String source = registry.executors().stream().filter(x -> x.executor() == e).map(Registry.ExecutorEntry::source)
          .findFirst().orElse(Registry.sourceOf(e.getClass()));
      out.println("  " + e.name() + "  — " + e.doc() + "  [" + source + "]");
    }
    out.println();
    // the jars behind the plugin types and executors above, with the digests provenance.json records
    List<PluginInfo> plugins = new ArrayList<>(PluginProvenance.plugins(registry));
    for (Registry.ExecutorEntry e : registry.executors()) {
      if (e.executor().getClass().getClassLoader() instanceof PluginClassLoader l && !plugins.contains(l.plugin())) {
        plugins.add(l.plugin());
      }
    }
    if (!plugins.isEmpty()) {
      out.println("plugin jars:");
      for (PluginInfo plugin : plugins) {
        for (PluginJar jar : plugin.jars()) {
          out.println("  " + jar.path() + "  sha256 " + jar.sha256());
        }
      }
      out.println();
    }
    out.flush();
    return Main.OK;
  }

  static String describe(ParamSpec<?> p) {
    StringBuilder b = new StringBuilder(p.name()).append(": ").append(p.type().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
    p.referencedKind().ifPresent(k -> b.append(" (").append(k.key()).append(')'));
    if (!p.choices().isEmpty()) {
      b.append(" ").append(p.choices());
    }
    p.minimum().ifPresent(m -> b.append(p.minimumExclusive() ? " > " : " >= ").append(trim(m)));
    p.maximum().ifPresent(m -> b.append(p.maximumExclusive() ? " < " : " <= ").append(trim(m)));
    if (p.required()) {
      b.append(", required");
    } else {
      b.append(", default ").append(p.defaultValue().map(PluginsCommand::display).orElse("unset"));
    }
    if (!p.doc().isEmpty()) {
      b.append(" — ").append(p.doc());
    }
    return b.toString();
  }

  /** A default as a user would write it in YAML: a typed value by its type name. */
  private static String display(Object value) {
    return value instanceof io.recur.spi.TypedValue t ? t.type() : String.valueOf(value);
  }

  private static String trim(double d) {
    return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
  }
}
