package io.recur.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrialPublisherTest {
  @TempDir Path tmp;

  private Path trial(String name, String weights) throws IOException {
    Path dir = tmp.resolve("work").resolve(name);
    Files.createDirectories(dir.resolve("model"));
    Files.writeString(dir.resolve("model/weights.safetensors"), weights);
    Files.writeString(dir.resolve("trial.json"), "{}");
    return dir;
  }

  private static List<String> tree(Path dir) throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void publishesTheWholeFolderUnderItsIdAndNothingElse() throws IOException {
    Path target = tmp.resolve("my sweep/trials"); // a space: %20 in the URI, a space on disk
    TrialPublisher.prepare(target.toUri().toString(), Map.of());
    TrialPublisher.publish(trial("a-units=4", "w1"), target.toUri().toString(), "a-units=4", Map.of());
    // no temporary folder, and no .crc files of Hadoop's checksummed local file system
    assertEquals(List.of("a-units=4/model/weights.safetensors", "a-units=4/trial.json"), tree(target));
  }

  @Test
  void anEarlierAttemptsFolderAndLeftoversAreReplaced() throws IOException {
    Path target = tmp.resolve("trials");
    Files.createDirectories(target.resolve("a/model"));
    Files.writeString(target.resolve("a/model/weights.safetensors"), "old");
    Files.writeString(target.resolve("a/stale.txt"), "from an attempt whose result was lost");
    Files.createDirectories(target.resolve(".a.publishing-1234"));
    Files.writeString(target.resolve(".a.publishing-1234/half"), "a copy cut short");
    TrialPublisher.publish(trial("a", "new"), target.toUri().toString(), "a", Map.of());
    assertEquals(List.of("a/model/weights.safetensors", "a/trial.json"), tree(target));
    assertEquals("new", Files.readString(target.resolve("a/model/weights.safetensors")));
  }
}
