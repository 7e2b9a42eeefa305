package io.recur.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConfigYamlTest {
  @Test
  void writesBlockStyleWithScalarListsOnOneLine() {
    Map<String, Object> layer = new LinkedHashMap<>();
    layer.put("type", "dense");
    layer.put("units", 2);
    Map<String, Object> tree = new LinkedHashMap<>();
    tree.put("name", "tiny");
    tree.put("split", List.of(0.8, 0.1, 0.1));
    tree.put("model", Map.of("layers", List.of(layer)));
    tree.put("lr", 1.0E-4);
    tree.put("label", "3");
    assertEquals("""
        name: tiny
        split: [0.8, 0.1, 0.1]
        model:
          layers:
            - type: dense
              units: 2
        lr: 1.0E-4
        label: '3'
        """, ConfigYaml.write(tree));
  }

  @Test
  void theResolvedConfigOfAnExperimentReadsLikeTheInput() {
    ExperimentSpec spec = new ExperimentLoader(FakePlugin.registry())
        .load(Path.of("src/test/resources/config/minimal.yaml"));
    assertEquals("""
        name: minimal
        seed: 1
        data:
          type: dummy-string
          length: 10
          split: [0.8, 0.1, 0.1]
          alphabet: ab
        model:
          type: sequential
          layers:
            - type: dense
              name: dense_0
              units: 3
              activation: linear
              dropout: 0.0
              kernel_init:
                type: glorot-uniform
        loss:
          type: bce
        optimizer:
          type: adam
          learning_rate: 0.001
          beta1: 0.9
        training:
          epochs: 10
          batch_size: 32
          shuffle: true
          threads: 1
          checkpoint_every_steps: 0
        metrics: []
        """, ConfigYaml.write(spec.resolved()));
  }

  @Test
  void refusesValuesWithoutAPlainYamlForm() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ConfigYaml.write(Map.of("model", Map.of("tags", Set.of("a")))));
    assertTrue(e.getMessage().startsWith("model.tags: java.util.ImmutableCollections$Set12 has no plain YAML form"),
        e.getMessage());
  }

  @Test
  void shortHashIsEightHexCharactersOfTheCanonicalYaml() {
    Map<String, Object> a = Map.of("name", "x", "seed", 1);
    String hash = ConfigHash.shortHash(a);
    assertTrue(hash.matches("[0-9a-f]{8}"), hash);
    assertEquals(hash, ConfigHash.shortHash(Map.of("name", "x", "seed", 1)));
    assertNotEquals(hash, ConfigHash.shortHash(Map.of("name", "x", "seed", 2)));
  }

  @Test
  void shortHashIsTheStartOfTheSha256OfTheWrittenText() throws Exception {
    Map<String, Object> tree = Map.of("name", "x");
    byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
        .digest("name: x\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertEquals(java.util.HexFormat.of().formatHex(digest).substring(0, 8), ConfigHash.shortHash(tree));
  }
}
