package io.recur.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A short fingerprint of a resolved config, for run folder names and sweep summaries. It hashes
 * the canonical YAML of {@link ConfigYaml#write}, so equal experiments get equal hashes however
 * their files were written (key order, comments, defaults left out).
 */
public final class ConfigHash {
  /** Hex characters kept: 32 bits, plenty to tell apart the runs of one sweep. */
  public static final int LENGTH = 8;

  private ConfigHash() {}

  /** The first {@value #LENGTH} hex characters of the SHA-256 of {@code ConfigYaml.write(tree)}. */
  public static String shortHash(Map<String, ?> tree) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(ConfigYaml.write(tree).getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest).substring(0, LENGTH);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
