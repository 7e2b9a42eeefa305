package io.recur.datasets.named;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.datasets.named.NamedDataset.RemoteFile;
import io.recur.io.Sha256;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class NamedDatasetsTest {
  @Test
  void listsTheFourDatasetsOfIssueFourSorted() {
    assertEquals(List.of("airline-passengers", "dinos", "names", "tinyshakespeare"), NamedDatasets.names());
    assertEquals(18, NamedDatasets.find("names").orElseThrow().files().size());
  }

  @Test
  void downloadsFromTheCommitsTheDataReadmeNames() {
    Downloader github = Downloader.github();
    NamedDataset shakespeare = NamedDatasets.find("tinyshakespeare").orElseThrow();
    assertEquals(URI.create("https://raw.githubusercontent.com/karpathy/char-rnn/6f9487a/data/tinyshakespeare/input.txt"),
        github.url(shakespeare, shakespeare.primary()));
    NamedDataset names = NamedDatasets.find("names").orElseThrow();
    assertEquals(URI.create("https://raw.githubusercontent.com/spro/practical-pytorch/ff2b4c4/data/names/Arabic.txt"),
        github.url(names, names.primary()));
    NamedDataset airline = NamedDatasets.find("airline-passengers").orElseThrow();
    assertEquals("facebook/prophet@181f447", airline.source());
    assertTrue(airline.primary().unixLineEnds(), "the source uses CR line ends");
  }

  @Test
  void pinnedDigestsAreThoseOfTheMirrorAndItsLayoutMatches() {
    Path data = SharedData.directory("names", "dinos", "tinyshakespeare", "airline_passengers");
    for (NamedDataset d : NamedDatasets.all()) {
      for (RemoteFile f : d.files()) {
        Path file = d.path(data, f);
        assertTrue(Files.isRegularFile(file), file + " is in the mirror");
        if (f.sha256() != null) {
          assertEquals(f.sha256(), Sha256.ofFile(file), file.toString());
        }
      }
    }
  }

  @Test
  void namesFilesAreUnpinnedBecauseTheMirrorHoldsASubset() {
    for (RemoteFile f : NamedDatasets.find("names").orElseThrow().files()) {
      assertNull(f.sha256(), f.file());
    }
  }
}
