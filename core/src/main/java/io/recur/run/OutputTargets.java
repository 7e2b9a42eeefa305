package io.recur.run;

import static java.util.Objects.requireNonNull;

import io.recur.spi.RecurException;
import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Checks an {@code --output} file of {@code predict} or {@code evaluate} before anything is
 * computed, so that a slip of the command line cannot overwrite what the command reads or what a
 * training run produced. Refused are:
 *
 * <ul>
 *   <li>a directory;
 *   <li>a file the command reads ({@code --input}, {@code --data}), or any file inside a folder it
 *       reads ({@code --model});
 *   <li>any file inside a saved model folder (one holding {@link SavedModel#MODEL_YAML});
 *   <li>a file a run directory owns ({@link RunDirectory#ownsFile}): {@code config.yaml}, {@code
 *       metrics.jsonl}, {@code model/…}, {@code checkpoints/…} and so on. Other files in a run
 *       directory ({@code RUN/predictions.tsv}, {@code RUN/evaluation-test.json}) are allowed.
 * </ul>
 *
 * <p>Paths are compared after resolving symbolic links: real paths where the files exist (and the
 * same file through a hard link counts as the same), the real path of the nearest existing parent
 * plus the rest of the normalised path otherwise. This class lives beside {@link RunDirectory}
 * because the rules are those of run and model folders.
 */
public final class OutputTargets {
  private OutputTargets() {}

  /**
   * Checks that writing {@code output} destroys nothing this command reads or a run owns.
   *
   * @param output the {@code --output} file as given
   * @param readPaths the files and folders the command reads ({@code --input}, {@code --data},
   *     {@code --model}); null entries are skipped, so optional options can be passed as they are
   * @throws RecurException {@code "--output FILE: would overwrite …; choose another file"}, naming
   *     the file and what it would destroy
   */
  public static void check(Path output, Path... readPaths) {
    check("--output", output, readPaths);
  }

  /** As {@link #check(Path, Path...)} for an output given by another option ({@code --html}), named in errors. */
  public static void check(String option, Path output, Path... readPaths) {
    requireNonNull(option, "option is null");
    requireNonNull(output, "output is null");
    requireNonNull(readPaths, "readPaths is null");
    String prefix = option + " " + output + ": ";
    Path out = resolve(output, prefix);
    if (Files.isDirectory(out)) {
      throw new RecurException(prefix + "is a directory; give the name of a file to write");
    }
    // the model and run rules first: they say best what would be lost
    for (Path dir = out.getParent(); dir != null; dir = dir.getParent()) {
      Path inside = dir.relativize(out);
      if (Files.isRegularFile(dir.resolve(SavedModel.MODEL_YAML))) {
        String what = inside.toString().equals(SavedModel.WEIGHTS) || inside.toString().equals(SavedModel.MODEL_YAML)
            ? "would overwrite the model's " + inside + " in " + dir
            : "would write into the saved model folder " + dir;
        throw new RecurException(prefix + what + "; choose a file outside the model folder");
      }
      if (RunDirectory.isRunDirectory(dir) && RunDirectory.ownsFile(inside)) {
        String what = inside.getNameCount() > 1
            ? "would write into the run's " + inside.getName(0) + "/ folder in " + dir
            : "would overwrite the run's " + inside + " in " + dir;
        throw new RecurException(prefix + what + "; choose another file (a new file in the run directory is fine)");
      }
    }
    for (Path read : readPaths) {
      if (read == null) {
        continue;
      }
      Path in = resolve(read, prefix);
      if (Files.isDirectory(in)) {
        if (out.startsWith(in)) {
          throw new RecurException(prefix + "is inside " + read + ", which this command reads; choose a file outside it");
        }
      } else if (out.equals(in) || sameFile(out, in)) {
        throw new RecurException(prefix + "would overwrite the input file " + read + "; choose another file");
      }
    }
  }

  /**
   * {@code path} with its symbolic links resolved: the real path of its longest existing prefix
   * and the rest appended, normalised.
   */
  private static Path resolve(Path path, String prefix) {
    Path abs = path.toAbsolutePath();
    Deque<Path> rest = new ArrayDeque<>();
    for (Path p = abs; p != null; p = p.getParent()) {
      try {
        Path real = p.toRealPath();
        for (Path name : rest) {
          real = real.resolve(name);
        }
        return real.normalize();
      } catch (NoSuchFileException e) {
        if (p.getFileName() != null) {
          rest.push(p.getFileName());
        }
      } catch (FileSystemLoopException e) {
        throw new RecurException(prefix + p + " is a loop of symbolic links", e);
      } catch (FileSystemException e) {
        if (String.valueOf(e.getReason()).contains("Too many levels of symbolic links")) {
          throw new RecurException(prefix + p + " is a loop of symbolic links", e);
        }
        // unreadable: compare the path as written; opening it will say what is wrong
        return abs.normalize();
      } catch (IOException e) {
        return abs.normalize();
      }
    }
    return abs.normalize();
  }

  /** Hard links and other spellings of one existing file; false when either does not exist. */
  private static boolean sameFile(Path a, Path b) {
    try {
      return Files.exists(a) && Files.exists(b) && Files.isSameFile(a, b);
    } catch (IOException e) {
      return false;
    }
  }
}
