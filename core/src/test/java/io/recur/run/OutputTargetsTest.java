package io.recur.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.RecurException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputTargetsTest {
  @TempDir Path dir;
  Path run;
  Path model;
  Path input;

  @BeforeEach
  void aTrainedRun() throws Exception {
    run = dir.resolve("run");
    model = run.resolve(RunDirectory.MODEL);
    Files.createDirectories(model);
    Files.writeString(run.resolve(RunDirectory.CONFIG), "experiment: x\n");
    Files.writeString(run.resolve(RunDirectory.PROVENANCE), "{}\n");
    Files.writeString(run.resolve(RunDirectory.METRICS), "{}\n");
    Files.writeString(run.resolve("confusion-test.csv"), "a,b\n");
    Files.writeString(model.resolve(SavedModel.MODEL_YAML), "format: 1\n");
    Files.writeString(model.resolve(SavedModel.WEIGHTS), "weights");
    input = dir.resolve("input.txt");
    Files.writeString(input, "a line\n");
  }

  private static String refusal(Path output, Path... read) {
    return assertThrows(RecurException.class, () -> OutputTargets.check(output, read)).getMessage();
  }

  @Test
  void theModelsWeightsAreRefusedAndLeftAsTheyWere() throws Exception {
    Path weights = model.resolve(SavedModel.WEIGHTS);
    assertEquals("--output " + weights + ": would overwrite the model's weights.safetensors in " + model.toRealPath()
        + "; choose a file outside the model folder", refusal(weights, model, input));
    assertEquals("weights", Files.readString(weights));
  }

  @Test
  void anyFileInsideTheModelFolderIsRefusedEvenWithoutNamingTheModel() throws Exception {
    Path other = model.resolve("predictions.tsv");
    assertEquals("--output " + other + ": would write into the saved model folder " + model.toRealPath()
        + "; choose a file outside the model folder", refusal(other));
  }

  @Test
  void aFolderTheCommandReadsIsProtectedWhole() throws Exception {
    Path data = dir.resolve("data");
    Files.createDirectories(data);
    Path out = data.resolve("sub/out.tsv");
    assertEquals("--output " + out + ": is inside " + data + ", which this command reads; choose a file outside it",
        refusal(out, data));
  }

  @Test
  void theInputFileIsRefusedAlsoThroughASymbolicLinkOrAnotherSpelling() throws Exception {
    assertEquals("--output " + input + ": would overwrite the input file " + input + "; choose another file",
        refusal(input, model, input));
    Path link = dir.resolve("link.txt");
    Files.createSymbolicLink(link, input);
    assertEquals("--output " + link + ": would overwrite the input file " + input + "; choose another file",
        refusal(link, input));
    Path dotted = dir.resolve("run/../input.txt");
    assertEquals("--output " + dotted + ": would overwrite the input file " + input + "; choose another file",
        refusal(dotted, input));
    Path hard = dir.resolve("hard.txt");
    Files.createLink(hard, input);
    assertEquals("--output " + hard + ": would overwrite the input file " + input + "; choose another file",
        refusal(hard, input));
    assertEquals("a line\n", Files.readString(input));
  }

  @Test
  void anInputThatDoesNotExistYetIsComparedByItsPath() {
    Path missing = dir.resolve("later.txt");
    Path output = dir.resolve("x/../later.txt");
    assertEquals("--output " + output + ": would overwrite the input file " + missing + "; choose another file",
        refusal(output, missing));
  }

  @Test
  void theRunsOwnFilesAreRefused() throws Exception {
    Path real = run.toRealPath();
    assertEquals("--output " + run.resolve("config.yaml") + ": would overwrite the run's config.yaml in " + real
        + "; choose another file (a new file in the run directory is fine)", refusal(run.resolve("config.yaml")));
    assertEquals("--output " + run.resolve("confusion-test.csv") + ": would overwrite the run's confusion-test.csv in "
        + real + "; choose another file (a new file in the run directory is fine)", refusal(run.resolve("confusion-test.csv")));
    // not there yet, but the run writes it
    assertEquals("--output " + run.resolve("report.html") + ": would overwrite the run's report.html in " + real
        + "; choose another file (a new file in the run directory is fine)", refusal(run.resolve("report.html")));
    Path checkpoint = run.resolve("checkpoints/epoch-3.safetensors");
    assertEquals("--output " + checkpoint + ": would write into the run's checkpoints/ folder in " + real
        + "; choose another file (a new file in the run directory is fine)", refusal(checkpoint));
    assertEquals("experiment: x\n", Files.readString(run.resolve("config.yaml")));
  }

  @Test
  void newFilesInTheRunDirectoryAreAllowed() throws Exception {
    OutputTargets.check(run.resolve("predictions.tsv"), model, input);
    OutputTargets.check(run.resolve("evaluation-test.json"), model);
    Files.writeString(run.resolve("predictions.tsv"), "from an earlier predict\n");
    OutputTargets.check(run.resolve("predictions.tsv"), model, input);
    OutputTargets.check(dir.resolve("elsewhere/new/out.tsv"), model, input, null);
  }

  @Test
  void aFolderHoldingOnlyAConfigIsNoRunDirectory() throws Exception {
    Path folder = dir.resolve("configs");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("config.yaml"), "x\n");
    OutputTargets.check(folder.resolve("metrics.jsonl"));
  }

  @Test
  void aDirectoryIsRefused() {
    assertEquals("--output " + dir + ": is a directory; give the name of a file to write", refusal(dir, input));
  }

  @Test
  void aSymbolicLinkToTheRunIsSeenThrough() throws Exception {
    Path alias = dir.resolve("latest");
    Files.createSymbolicLink(alias, run);
    Path config = alias.resolve("config.yaml");
    assertEquals("--output " + config + ": would overwrite the run's config.yaml in " + run.toRealPath()
        + "; choose another file (a new file in the run directory is fine)", refusal(config));
  }

  @Test
  void ownsFileNamesTheRunsFiles() {
    for (String owned : new String[] {"config.yaml", "provenance.json", "metrics.jsonl", "baselines.json", "report.html",
        "curves.png", "confusion-validation.csv", "model/weights.safetensors", "model", "checkpoints/x"}) {
      assertEquals(true, RunDirectory.ownsFile(Path.of(owned)), owned);
    }
    for (String free : new String[] {"predictions.tsv", "evaluation-test.json", "sub/config.yaml", "confusion.txt"}) {
      assertEquals(false, RunDirectory.ownsFile(Path.of(free)), free);
    }
  }
}
