package io.recur.config;

import io.recur.io.InputFiles;
import io.recur.spi.RecurException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads YAML into a {@link ConfigNode} tree with locations. SnakeYAML only composes the text to
 * nodes (which keeps the marks) and never constructs objects from tags, so a config cannot make
 * the loader instantiate classes; scalars with the standard tags are converted by {@link
 * SafeConstructor} itself, so numbers and booleans follow YAML 1.1 exactly as SnakeYAML reads
 * them elsewhere. Duplicate keys are rejected here because composing does not check them.
 */
final class YamlReader {
  /** Deeper than any real config; stops a recursive alias ({@code &a [*a]}) from looping. */
  private static final int MAX_DEPTH = 64;
  private static final Set<Tag> SCALAR_TAGS = Set.of(Tag.STR, Tag.INT, Tag.FLOAT, Tag.BOOL, Tag.NULL);

  /**
   * Reads a whole file; empty when the file holds no document.
   *
   * @param display how the file is named in messages (the path as the user gave it)
   */
  Optional<ConfigNode> readFile(Path file, String display) {
    if (Files.notExists(file) && !Files.isSymbolicLink(file)) {
      throw new ConfigException(display, "", "file not found; expected a YAML experiment file");
    }
    String text;
    try {
      // a regular file of at most MAX_CONFIG_BYTES, decoded strictly: a wrong encoding is reported
      text = InputFiles.readUtf8(file, InputFiles.MAX_CONFIG_BYTES, "a YAML experiment file");
    } catch (RecurException e) {
      String message = e.getMessage();
      String prefix = file + ": ";
      throw new ConfigException(display, "", message.startsWith(prefix) ? message.substring(prefix.length()) : message);
    }
    return read(new StringReader(text), display,
        mark -> Location.of(display, mark.getLine() + 1, mark.getColumn() + 1));
  }

  /**
   * Reads a value given on the command line ({@code --set path=VALUE}); every node of it is
   * located at {@code where}, the argument. An empty text is YAML null.
   */
  ConfigNode readValue(String text, Location where) {
    return read(new StringReader(text), where.source(), mark -> where)
        .orElseGet(() -> new ConfigNode.Scalar(null, "", true, where));
  }

  private Optional<ConfigNode> read(Reader text, String source, Function<Mark, Location> locate) {
    Node root;
    try {
      root = new Yaml(new SafeConstructor(loaderOptions())).compose(text);
    } catch (MarkedYAMLException e) {
      throw malformed(e, source, locate);
    } catch (YAMLException e) {
      throw new ConfigException(source, "", "malformed YAML: " + e.getMessage());
    }
    if (root == null) {
      return Optional.empty();
    }
    return Optional.of(new Converter(locate).convert(root, "", 0));
  }

  private static LoaderOptions loaderOptions() {
    LoaderOptions options = new LoaderOptions();
    options.setAllowRecursiveKeys(false);
    // the file's size is checked before parsing; this bounds text from elsewhere (--set values) alike
    options.setCodePointLimit((int) InputFiles.MAX_CONFIG_BYTES);
    return options;
  }

  private static ConfigException malformed(MarkedYAMLException e, String source, Function<Mark, Location> locate) {
    Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
    String where = mark == null ? source : locate.apply(mark).toString();
    StringBuilder problem = new StringBuilder("malformed YAML: ");
    problem.append(e.getProblem() == null ? "cannot parse" : e.getProblem());
    if (e.getContext() != null) {
      problem.append(" (").append(e.getContext());
      Mark context = e.getContextMark();
      if (context != null && locate.apply(context).line() > 0) {
        problem.append(" at line ").append(context.getLine() + 1);
      }
      problem.append(')');
    }
    return new ConfigException(where, "", problem.toString());
  }

  /** SnakeYAML nodes to config nodes, tracking the dotted path for messages. */
  private static final class Converter {
    private final Function<Mark, Location> locate;
    private final ScalarValues scalars = new ScalarValues();

    Converter(Function<Mark, Location> locate) {
      this.locate = locate;
    }

    ConfigNode convert(Node node, String path, int depth) {
      Location where = locate.apply(node.getStartMark());
      if (depth > MAX_DEPTH) {
        throw new ConfigException(where, path, "nested more than " + MAX_DEPTH
            + " levels deep (a recursive alias?); expected a config of plain maps and lists");
      }
      if (node instanceof ScalarNode s) {
        return scalar(s, path, where);
      }
      if (node instanceof SequenceNode s) {
        requireTag(node, Tag.SEQ, path, where);
        List<ConfigNode> items = new ArrayList<>();
        for (int i = 0; i < s.getValue().size(); i++) {
          items.add(convert(s.getValue().get(i), ConfigPaths.index(path, i), depth + 1));
        }
        return new ConfigNode.Sequence(items, where);
      }
      MappingNode m = (MappingNode) node;
      requireTag(node, Tag.MAP, path, where);
      Map<String, ConfigNode.Entry> entries = new LinkedHashMap<>();
      for (NodeTuple t : m.getValue()) {
        ConfigNode.Entry e = entry(t, path, depth);
        ConfigNode.Entry first = entries.get(e.key());
        if (first != null) {
          throw new ConfigException(e.keyLocation(), ConfigPaths.key(path, e.key()), "duplicate key '" + e.key()
              + "' (first written at " + lineOf(first.keyLocation()) + "); each key may appear only once");
        }
        entries.put(e.key(), e);
      }
      return new ConfigNode.Mapping(entries, where);
    }

    private ConfigNode.Entry entry(NodeTuple t, String path, int depth) {
      Node keyNode = t.getKeyNode();
      Location keyWhere = locate.apply(keyNode.getStartMark());
      if (keyNode.getTag().equals(Tag.MERGE)) {
        throw new ConfigException(keyWhere, path, "merge keys ('<<') are not supported; "
            + "expected plain keys (use 'extends: base.yaml' to share settings)");
      }
      if (!(keyNode instanceof ScalarNode k)) {
        throw new ConfigException(keyWhere, path, "found a " + (keyNode instanceof MappingNode ? "map" : "list")
            + " used as a key; expected a plain word such as 'units'");
      }
      String key = k.getValue();
      return new ConfigNode.Entry(key, keyWhere, convert(t.getValueNode(), ConfigPaths.key(path, key), depth + 1));
    }

    private ConfigNode.Scalar scalar(ScalarNode s, String path, Location where) {
      Tag tag = s.getTag();
      boolean plain = s.isPlain();
      if (tag.equals(Tag.TIMESTAMP)) {
        // a date is only ever wanted as text here (a description, a name); keep it as written
        return new ConfigNode.Scalar(s.getValue(), s.getValue(), plain, where);
      }
      requireScalarTag(tag, path, where);
      Object value = tag.equals(Tag.STR) ? s.getValue() : scalars.value(s);
      return new ConfigNode.Scalar(value, s.getValue(), plain, where);
    }

    private static void requireScalarTag(Tag tag, String path, Location where) {
      if (!SCALAR_TAGS.contains(tag)) {
        throw unsupported(tag, path, where);
      }
    }

    private static void requireTag(Node node, Tag expected, String path, Location where) {
      if (!node.getTag().equals(expected)) {
        throw unsupported(node.getTag(), path, where);
      }
    }

    private static ConfigException unsupported(Tag tag, String path, Location where) {
      // shown the way it is written: !!python/object rather than tag:yaml.org,2002:python/object
      String written = tag.getValue().startsWith(Tag.PREFIX) ? "!!" + tag.getValue().substring(Tag.PREFIX.length())
          : tag.getValue();
      return new ConfigException(where, path, "unsupported YAML tag '" + written
          + "'; expected plain maps, lists, strings, numbers and booleans");
    }

    private static String lineOf(Location l) {
      return l.line() > 0 ? "line " + l.line() : l.source();
    }
  }

  /**
   * SnakeYAML's own conversion of int, float, bool and null scalars (YAML 1.1 rules, e.g.
   * {@code 0x1F}, {@code 1_000}, {@code ~}). Only ever called with those standard tags.
   */
  private static final class ScalarValues extends SafeConstructor {
    ScalarValues() {
      super(new LoaderOptions());
    }

    Object value(ScalarNode node) {
      return constructObject(node);
    }
  }
}
