package io.recur.plugin;

import static java.util.Objects.requireNonNull;

import com.google.inject.Module;
import io.recur.io.Sha256;
import io.recur.registry.Registry;
import io.recur.spi.CellFactory;
import io.recur.spi.DatasetFactory;
import io.recur.spi.InitializerFactory;
import io.recur.spi.Kind;
import io.recur.spi.LayerFactory;
import io.recur.spi.LossFactory;
import io.recur.spi.MetricFactory;
import io.recur.spi.OptimizerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.RecurException;
import io.recur.spi.RecurPlugin;
import io.recur.spi.TypeFactory;
import io.recur.spi.sweep.TrialExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

/**
 * Builds the registry of a command: the built-ins, found with {@link ServiceLoader} on Recur's own
 * class path, plus every plugin of the given sources, each in its own {@link PluginClassLoader}
 * (Trino's {@code PluginManager}).
 *
 * <p>Loading is all or nothing. Every plugin is checked (its jars are jars, its provider jar
 * states a supported SPI version, its providers load, its types have well-formed names and
 * params that no built-in or other plugin already uses) and staged in a {@link Registry.Builder};
 * the registry is published only when every plugin passed. The first problem stops loading with
 * one {@link RecurException} naming the plugin file and the cause, and every plugin class loader
 * opened so far is closed.
 *
 * <p>Plugin code (provider constructors, {@code layers()}, {@code name()}, later every {@code
 * create}) runs with the plugin's class loader as the thread context class loader.
 */
@SuppressWarnings("try") // the context-loader resource is held, not referenced
public final class PluginManager {
  /**
   * What plugins share with Recur: the SPI, the tensors plugin layers compose, the file helpers a
   * dataset reads and writes with ({@code io.recur.io}: strict input, atomic output, sha256), and
   * the libraries whose types appear in SPI signatures (Commons Math's {@code RandomGenerator},
   * Guice modules). Every other class a plugin uses comes from its own jars; docs/plugins.md says
   * why each of these is shared.
   */
  public static final List<String> SPI_PACKAGES = List.of(
      "io.recur.spi.", "io.recur.tensor.", "io.recur.io.",
      "org.apache.commons.math3.", "com.google.inject.", "jakarta.inject.");
  /** The service file that names a jar's {@link RecurPlugin} implementations. */
  public static final String SERVICE_FILE = "META-INF/services/" + RecurPlugin.class.getName();
  /** The service file that names a jar's {@link TrialExecutor} implementations. */
  public static final String EXECUTOR_SERVICE_FILE = "META-INF/services/" + TrialExecutor.class.getName();
  /** Where executors built against SPI 2 and older listed themselves (the contract then lived in io.recur.sweep). */
  static final String LEGACY_EXECUTOR_SERVICE_FILE = "META-INF/services/io.recur.sweep.TrialExecutor";

  private static final Pattern TYPE_NAME = Pattern.compile("[a-z][a-z0-9]*(-[a-z0-9]+)*");
  private static final Pattern PARAM_NAME = Pattern.compile("[a-z][a-z0-9_]*");
  /** Keys the config format itself uses inside a type's map. */
  private static final String TYPE_KEY = "type";
  private static final String LAYER_NAME_KEY = "name";

  private final ClassLoader recurLoader;
  private final Consumer<String> log;

  /**
   * @param recurLoader Recur's own class loader: finds the built-ins and defines the SPI classes
   * @param log receives one line per registered plugin type after a successful load
   */
  public PluginManager(ClassLoader recurLoader, Consumer<String> log) {
    this.recurLoader = requireNonNull(recurLoader, "recurLoader is null");
    this.log = requireNonNull(log, "log is null");
  }

  /**
   * The built-ins plus every plugin of {@code sources}, in order.
   *
   * @throws RecurException naming the plugin file and the cause of the first problem; nothing is
   *     registered then
   */
  public Registry load(List<PluginSource> sources) {
    requireNonNull(sources, "sources is null");
    Registry.Builder builder = Registry.builder();
    Map<Kind, Map<String, String>> owners = new EnumMap<>(Kind.class);
    for (Kind k : Kind.values()) {
      owners.put(k, new HashMap<>());
    }
    for (RecurPlugin builtIn : ServiceLoader.load(RecurPlugin.class, recurLoader)) {
      Contribution c = Contribution.of(builtIn);
      String source = Registry.sourceOf(builtIn.getClass());
      builder.add(c, source);
      c.types().forEach((kind, list) -> list.forEach(f -> owners.get(kind).put(f.name(), "a built-in (" + source + ")")));
    }
    for (TrialExecutor builtIn : ServiceLoader.load(TrialExecutor.class, recurLoader)) {
      builder.addExecutor(builtIn, Registry.sourceOf(builtIn.getClass()));
    }
    List<PluginClassLoader> opened = new ArrayList<>();
    List<String> lines = new ArrayList<>();
    try {
      for (PluginLayout.Unit unit : PluginLayout.expand(sources)) {
        loadPlugin(unit, builder, owners, opened, lines);
      }
      Registry registry = builder.build();
      lines.forEach(log);
      return registry;
    } catch (RuntimeException | LinkageError e) {
      for (PluginClassLoader l : opened) {
        try {
          l.close();
        } catch (IOException ignored) {
          // the original problem is what the user needs to see
        }
      }
      throw e;
    }
  }

  private void loadPlugin(PluginLayout.Unit unit, Registry.Builder builder, Map<Kind, Map<String, String>> owners,
      List<PluginClassLoader> opened, List<String> lines) {
    List<PluginJar> jars = new ArrayList<>();
    PluginJar firstProviderJar = null;
    for (Path jar : unit.jars()) {
      boolean provider = inspect(jar);
      PluginJar pj = new PluginJar(jar, digest(jar));
      jars.add(pj);
      if (provider && firstProviderJar == null) {
        firstProviderJar = pj;
      }
    }
    if (firstProviderJar == null) {
      throw new RecurException(unit.name() + ": no plugin in it: " + (unit.jars().size() == 1 ? "the jar has no "
          : "none of its jars has a ") + SERVICE_FILE + "; list the class that implements "
          + RecurPlugin.class.getName() + " there (see docs/plugins.md)"
          + (unit.jars().size() == 1 ? ". A plugin's dependency jar belongs in a plugin folder with the plugin's jar" : ""));
    }
    PluginInfo info = new PluginInfo(unit.name(), unit.location(), jars);
    PluginClassLoader loader = new PluginClassLoader(info, recurLoader, SPI_PACKAGES);
    opened.add(loader);
    List<RecurPlugin> providers = providers(unit, loader);
    List<TrialExecutor> executors = executors(unit, loader);
    if (providers.isEmpty() && executors.isEmpty()) {
      throw new RecurException(unit.name() + ": no plugin in it: " + SERVICE_FILE + " lists no class; list the "
          + "class that implements " + RecurPlugin.class.getName() + " there (see docs/plugins.md)");
    }
    for (RecurPlugin provider : providers) {
      PluginJar providerJar = loader.jarOf(provider.getClass()).orElse(firstProviderJar);
      String source = providerJar.path() + " (" + provider.getClass().getSimpleName() + ")";
      Contribution c = contribution(unit, provider, loader, info, providerJar);
      for (Map.Entry<Kind, List<TypeFactory>> e : c.types().entrySet()) {
        for (TypeFactory f : e.getValue()) {
          String owner = owners.get(e.getKey()).putIfAbsent(f.name(), source);
          if (owner != null) {
            throw new RecurException(unit.name() + ": " + e.getKey().key() + " type '" + f.name()
                + "' is already registered by " + owner + "; plugin types need their own names");
          }
          lines.add("registered " + e.getKey().key() + " '" + f.name() + "' from " + PluginFactories.origin(f)
              .map(o -> o.jar().path().toString()).orElse(unit.name()));
        }
      }
      for (Module m : c.modules()) {
        lines.add("installed Guice module " + m.getClass().getName() + " from " + source);
      }
      builder.add(c, source);
    }
    for (TrialExecutor executor : executors) {
      PluginJar jar = loader.jarOf(executor.getClass()).orElse(firstProviderJar);
      builder.addExecutor(executor, jar.path() + " (" + executor.getClass().getSimpleName() + ")");
      lines.add("registered trial executor '" + executor.name() + "' from " + jar.path());
    }
  }

  /** The plugin's trial executors ({@code recur sweep --executor NAME}), built with its loader as context loader. */
  private List<TrialExecutor> executors(PluginLayout.Unit unit, PluginClassLoader loader) {
    List<TrialExecutor> executors = new ArrayList<>();
    try (var ignored = new ThreadContextClassLoader(loader)) {
      for (TrialExecutor e : ServiceLoader.load(TrialExecutor.class, loader)) {
        executors.add(e);
      }
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      throw new RecurException(unit.name() + ": its trial executor failed to load: "
          + PluginErrors.describe(e, recurLoader), e);
    }
    return executors;
  }

  /**
   * True when {@code jar} names plugin providers or trial executors; then its SPI version has
   * been checked.
   */
  private static boolean inspect(Path jar) {
    try (JarFile file = new JarFile(jar.toFile(), false)) {
      if (file.getEntry(LEGACY_EXECUTOR_SERVICE_FILE) != null) {
        throw new RecurException(jar + ": lists a trial executor in " + LEGACY_EXECUTOR_SERVICE_FILE + ", the executor"
            + " contract of plugin SPI 2 and older; since SPI " + SpiVersion.OLDEST_FOR_EXECUTORS + " an executor implements "
            + TrialExecutor.class.getName() + ", listed in " + EXECUTOR_SERVICE_FILE + "; rebuild it against this"
            + " Recur's recur-core (see docs/sweeps.md)");
      }
      boolean executors = file.getEntry(EXECUTOR_SERVICE_FILE) != null;
      if (file.getEntry(SERVICE_FILE) == null && !executors) {
        return false;
      }
      int version = SpiVersion.check(jar.toString(), file.getManifest());
      if (executors && version < SpiVersion.OLDEST_FOR_EXECUTORS) {
        throw new RecurException(jar + ": its trial executor is built against plugin SPI " + version + ", but trial"
            + " executors need SPI " + SpiVersion.OLDEST_FOR_EXECUTORS + " or newer (the executor contract changed);"
            + " rebuild it against this Recur's recur-core (see docs/sweeps.md)");
      }
      return true;
    } catch (ZipException e) {
      throw new RecurException(jar + ": not a jar file (" + e.getMessage() + "); a plugin is a jar built against "
          + "recur-core, or a folder of such a jar and its dependencies' jars");
    } catch (NoSuchFileException e) {
      throw new RecurException(jar + ": no such file");
    } catch (IOException e) {
      throw new RecurException(jar + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private static String digest(Path jar) {
    try {
      return Sha256.ofFile(jar);
    } catch (UncheckedIOException e) {
      throw new RecurException(jar + ": cannot be read: " + e.getCause().getMessage(), e);
    }
  }

  private List<RecurPlugin> providers(PluginLayout.Unit unit, PluginClassLoader loader) {
    List<RecurPlugin> providers = new ArrayList<>();
    try (var ignored = new ThreadContextClassLoader(loader)) {
      Iterator<RecurPlugin> it = ServiceLoader.load(RecurPlugin.class, loader).iterator();
      while (it.hasNext()) {
        providers.add(it.next());
      }
    } catch (ServiceConfigurationError | RuntimeException | LinkageError e) {
      throw new RecurException(unit.name() + ": its plugin class failed to load: " + PluginErrors.describe(e, recurLoader), e);
    }
    return providers;
  }

  private Contribution contribution(PluginLayout.Unit unit, RecurPlugin provider, PluginClassLoader loader,
      PluginInfo info, PluginJar providerJar) {
    String who = provider.getClass().getName();
    Map<Kind, List<TypeFactory>> types = new EnumMap<>(Kind.class);
    List<Module> modules = new ArrayList<>();
    try (var ignored = new ThreadContextClassLoader(loader)) {
      for (Kind kind : Kind.values()) {
        String method = who + "." + kind.plural() + "()";
        List<? extends TypeFactory> declared = call(unit, method, () -> Contribution.declared(provider, kind));
        if (declared == null) {
          throw new RecurException(unit.name() + ": " + method + " returned null; return List.of() when the plugin has no "
              + kind.plural());
        }
        List<TypeFactory> wrapped = new ArrayList<>();
        for (TypeFactory f : declared) {
          if (f == null) {
            throw new RecurException(unit.name() + ": " + method + " returned a list holding null");
          }
          PluginFactories.Declared d = declare(unit, kind, f);
          PluginOrigin origin = new PluginOrigin(info, loader.jarOf(f.getClass()).orElse(providerJar));
          wrapped.add(PluginFactories.wrap(kind, f, d, origin, loader));
        }
        types.put(kind, List.copyOf(wrapped));
      }
      String method = who + ".guiceModules()";
      List<Module> declaredModules = call(unit, method, provider::guiceModules);
      if (declaredModules == null) {
        throw new RecurException(unit.name() + ": " + method + " returned null; return List.of() when the plugin has no modules");
      }
      for (Module m : declaredModules) {
        if (m == null) {
          throw new RecurException(unit.name() + ": " + method + " returned a list holding null");
        }
        modules.add(m);
      }
    }
    return new Contribution(types, modules);
  }

  /** Reads and checks a factory's name, doc and params (the context loader is already the plugin's). */
  private PluginFactories.Declared declare(PluginLayout.Unit unit, Kind kind, TypeFactory f) {
    String cls = f.getClass().getName();
    String name = call(unit, cls + ".name()", f::name);
    if (name == null || !TYPE_NAME.matcher(name).matches()) {
      throw new RecurException(unit.name() + ": " + kind.key() + " type name '" + name + "' (" + cls
          + ") must be lowercase kebab case, like 'attention-pool'");
    }
    String what = kind.key() + " type '" + name + "'";
    String doc = call(unit, cls + ".doc()", f::doc);
    if (doc == null) {
      throw new RecurException(unit.name() + ": " + what + " has no doc; return one line for 'recur plugins' from doc()");
    }
    List<ParamSpec<?>> params = call(unit, cls + ".params()", f::params);
    if (params == null) {
      throw new RecurException(unit.name() + ": " + what + ": params() returned null; return List.of() when it has none");
    }
    Set<String> seen = new HashSet<>();
    for (ParamSpec<?> p : params) {
      if (p == null) {
        throw new RecurException(unit.name() + ": " + what + ": params() returned a list holding null");
      }
      if (!PARAM_NAME.matcher(p.name()).matches()) {
        throw new RecurException(unit.name() + ": " + what + " declares parameter '" + p.name()
            + "'; parameter names are lowercase snake case, like 'learning_rate'");
      }
      if (p.name().equals(TYPE_KEY) || (kind == Kind.LAYER && p.name().equals(LAYER_NAME_KEY))) {
        throw new RecurException(unit.name() + ": " + what + " declares parameter '" + p.name()
            + "', a key the config format reserves; choose another name");
      }
      if (!seen.add(p.name())) {
        throw new RecurException(unit.name() + ": " + what + " declares parameter '" + p.name() + "' twice");
      }
    }
    return new PluginFactories.Declared(name, doc, params);
  }

  /** Calls plugin code, turning any failure into a message naming the plugin and the method. */
  private <T> T call(PluginLayout.Unit unit, String method, Supplier<T> code) {
    try {
      return code.get();
    } catch (RecurException e) {
      throw new RecurException(unit.name() + ": " + method + " failed: " + e.getMessage(), e);
    } catch (RuntimeException | LinkageError e) {
      throw new RecurException(unit.name() + ": " + method + " failed: " + PluginErrors.describe(e, recurLoader), e);
    }
  }

  /**
   * What one provider contributes, read once; the registry is built from these snapshots, so a
   * plugin's list methods are called exactly once.
   */
  private record Contribution(Map<Kind, List<TypeFactory>> types, List<Module> modules) implements RecurPlugin {
    static Contribution of(RecurPlugin plugin) {
      Map<Kind, List<TypeFactory>> types = new EnumMap<>(Kind.class);
      for (Kind k : Kind.values()) {
        types.put(k, List.copyOf(declared(plugin, k)));
      }
      return new Contribution(types, List.copyOf(plugin.guiceModules()));
    }

    static List<? extends TypeFactory> declared(RecurPlugin plugin, Kind kind) {
      return switch (kind) {
        case LAYER -> plugin.layers();
        case LOSS -> plugin.losses();
        case OPTIMIZER -> plugin.optimizers();
        case METRIC -> plugin.metrics();
        case DATASET -> plugin.datasets();
        case INITIALIZER -> plugin.initializers();
        case CELL -> plugin.cells();
      };
    }

    @SuppressWarnings("unchecked")
    private <F extends TypeFactory> List<F> of(Kind kind) {
      return (List<F>) (List<?>) types.getOrDefault(kind, List.of());
    }

    @Override
    public List<LayerFactory> layers() {
      return of(Kind.LAYER);
    }

    @Override
    public List<LossFactory> losses() {
      return of(Kind.LOSS);
    }

    @Override
    public List<OptimizerFactory> optimizers() {
      return of(Kind.OPTIMIZER);
    }

    @Override
    public List<MetricFactory> metrics() {
      return of(Kind.METRIC);
    }

    @Override
    public List<DatasetFactory> datasets() {
      return of(Kind.DATASET);
    }

    @Override
    public List<InitializerFactory> initializers() {
      return of(Kind.INITIALIZER);
    }

    @Override
    public List<CellFactory> cells() {
      return of(Kind.CELL);
    }

    @Override
    public List<Module> guiceModules() {
      return modules;
    }
  }
}
