package io.recur.checkpoint;

import static java.util.Objects.requireNonNull;

import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The {@code checkpoints/} folder of a run: one file per checkpoint, named by the number of
 * training steps done ({@code step-000000001234.safetensors}), of which the newest {@value
 * #KEEP} are kept so that resuming can fall back when the newest one is damaged.
 */
public final class CheckpointStore {
  /** How many checkpoints stay on disk. */
  public static final int KEEP = 2;

  private static final Pattern NAME = Pattern.compile("step-(\\d{12})\\.safetensors");

  private final Path dir;

  public CheckpointStore(Path dir) {
    this.dir = requireNonNull(dir, "dir is null");
  }

  public Path directory() {
    return dir;
  }

  /** The file a checkpoint taken after {@code step} training steps goes to. */
  public Path fileFor(long step) {
    return dir.resolve(String.format(Locale.ROOT, "step-%012d.safetensors", step));
  }

  /**
   * Writes a checkpoint atomically, then deletes all but the newest {@value #KEEP}. A checkpoint
   * of the same step replaces the earlier one (it holds a later state of that step, such as the
   * epoch's evaluation).
   */
  public Path write(long step, Map<String, Tensor> tensors, Map<String, String> metadata) {
    Path file = fileFor(step);
    CheckpointFile.write(file, tensors, metadata);
    List<Path> all = list();
    for (int i = KEEP; i < all.size(); i++) {
      try {
        Files.deleteIfExists(all.get(i));
      } catch (IOException e) {
        throw CheckpointFile.io(all.get(i), e);
      }
    }
    return file;
  }

  /** Every checkpoint file, newest (most steps) first; temporary and foreign files are left out. */
  public List<Path> list() {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> s = Files.list(dir)) {
      s.filter(p -> NAME.matcher(p.getFileName().toString()).matches()).forEach(files::add);
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw CheckpointFile.io(dir, e);
    }
    files.sort(Comparator.comparingLong(CheckpointStore::stepOf).reversed());
    return files;
  }

  /** Removes temporary files a crash left behind while a checkpoint was being written. */
  public void removeLeftovers() {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String name = p.getFileName().toString();
        if (name.startsWith(".") && name.endsWith(".tmp")) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw CheckpointFile.io(dir, e);
    }
  }

  /**
   * A checkpoint that could be read and passed {@code check}, and what was wrong with each newer
   * one that was skipped.
   */
  public record Found(CheckpointFile.Contents contents, List<String> skipped) {}

  /**
   * The newest checkpoint that reads back with a good checksum and passes {@code check} (which
   * throws {@link RecurException} for tensors of the wrong name or shape), falling back to older
   * ones.
   *
   * @return empty when there is no usable checkpoint; {@code problems} then lists why each was refused
   */
  public Optional<Found> latestValid(Consumer<CheckpointFile.Contents> check, List<String> problems) {
    List<String> skipped = new ArrayList<>();
    for (Path file : list()) {
      try {
        CheckpointFile.Contents c = CheckpointFile.read(file);
        check.accept(c);
        return Optional.of(new Found(c, skipped));
      } catch (RecurException e) {
        skipped.add(e.getMessage());
      }
    }
    problems.addAll(skipped);
    return Optional.empty();
  }

  static long stepOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    if (!m.matches()) {
      throw new RecurException(file + ": not a checkpoint file name (expected step-<12 digits>.safetensors)");
    }
    return Long.parseLong(m.group(1));
  }
}
