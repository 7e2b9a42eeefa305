package io.recur.datasets.encoding;

import static java.util.Objects.requireNonNull;

import io.recur.datasets.named.DataSources;
import io.recur.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token sequences encoded as ids, padded to the longest.
 *
 * @param ids {@code [N, T]} float-encoded token ids; padding steps hold id 0
 * @param mask {@code [N, T]} 1 for real steps and 0 for padding, or {@code null} when every
 *     sequence has length T (no padding, so layers can skip masking)
 */
public record EncodedSequences(Tensor ids, Tensor mask) {
  public EncodedSequences {
    requireNonNull(ids, "ids is null");
  }

  /** T when every sequence has that length, 0 when lengths vary: the length a {@code TextCodec} takes. */
  public int fixedLength() {
    return mask == null ? ids.dim(1) : 0;
  }

  /**
   * Encodes each token by its position in {@code vocabulary}; a token outside it takes the id of
   * {@link Vocabularies#UNKNOWN}, which must then be in the vocabulary.
   */
  public static EncodedSequences encode(List<List<String>> sequences, List<String> vocabulary) {
    return encode(sequences, vocabulary, null, "sequences");
  }

  /**
   * As {@link #encode(List, List)}, naming the longest sequence by its place when the padded
   * {@code [N, T]} arrays cannot be allocated.
   *
   * @param places {@code file:line} of each sequence, or null to number them
   * @param where names the data in messages: {@code dataset 'tsv' (names.tsv)}
   * @throws RecurException when {@code N × T} overflows or does not fit in the heap
   */
  public static EncodedSequences encode(List<List<String>> sequences, List<String> vocabulary, List<String> places,
      String where) {
    requireNonNull(sequences, "sequences is null");
    requireNonNull(vocabulary, "vocabulary is null");
    Map<String, Integer> id = new HashMap<>();
    for (int i = 0; i < vocabulary.size(); i++) {
      id.putIfAbsent(vocabulary.get(i), i);
    }
    Integer unknown = id.get(Vocabularies.UNKNOWN);
    int n = sequences.size();
    int longest = 0;
    boolean ragged = false;
    for (List<String> s : sequences) {
      ragged |= !sequences.isEmpty() && s.size() != sequences.get(0).size();
      longest = Math.max(longest, s.size());
    }
    int longestAt = 0;
    for (int i = 0; i < n; i++) {
      if (sequences.get(i).size() == longest) {
        longestAt = i;
        break;
      }
    }
    String place = places != null && longestAt < places.size() ? places.get(longestAt) : "item " + (longestAt + 1);
    int cells = DataSources.paddedCells(n, longest, ragged ? 2 : 1, where, place, "set max_length to cut long sequences");
    float[] ids = new float[cells];
    float[] mask = ragged ? new float[cells] : null;
    for (int i = 0; i < n; i++) {
      List<String> s = sequences.get(i);
      for (int t = 0; t < s.size(); t++) {
        Integer k = id.getOrDefault(s.get(t), unknown);
        if (k == null) {
          throw new IllegalArgumentException("token '" + s.get(t) + "' is not in the vocabulary, which has no "
              + Vocabularies.UNKNOWN);
        }
        ids[i * longest + t] = k;
        if (mask != null) {
          mask[i * longest + t] = 1f;
        }
      }
    }
    return new EncodedSequences(Tensor.of(ids, n, longest), mask == null ? null : Tensor.of(mask, n, longest));
  }
}
