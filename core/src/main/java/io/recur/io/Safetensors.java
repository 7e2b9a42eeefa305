package io.recur.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format (https://github.com/huggingface/safetensors), float32 only: an 8-byte
 * little-endian header length {@code n}, {@code n} bytes of JSON header, then the raw
 * little-endian data of every tensor.
 *
 * <pre>
 * {"__metadata__":{"format":"pt"},"enc.weight_ih_l0":{"dtype":"F32","shape":[128,32],"data_offsets":[0,16384]},…}
 * </pre>
 *
 * <p>{@code data_offsets} are {@code [begin, end)} byte offsets into the data section, which
 * starts right after the header. Like the reference implementation the header is padded with
 * spaces to a multiple of 8 bytes, so the data is aligned. Writing is deterministic: the same
 * tensors and metadata (in the same map order) give the same bytes, so checkpoints can be
 * compared by their sha256. Files written by Python's {@code safetensors.torch.save_file} read
 * back as long as every tensor is F32.
 */
public final class Safetensors {
  /** The header key that holds free-form string metadata rather than a tensor. */
  public static final String METADATA_KEY = "__metadata__";

  private static final String F32 = "F32";
  private static final int HEADER_ALIGNMENT = 8;

  private Safetensors() {}

  /**
   * The content of a safetensors file.
   *
   * @param tensors by name, in header order (which is data order for files this class writes)
   * @param metadata the {@code __metadata__} strings; empty when the file has none
   */
  public record Contents(Map<String, Tensor> tensors, Map<String, String> metadata) {
    public Contents {
      tensors = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(tensors, "tensors is null")));
      metadata = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(metadata, "metadata is null")));
    }
  }

  // ---------------------------------------------------------------- writing

  /**
   * Writes {@code tensors} (in the map's order) and {@code metadata} to {@code file} atomically
   * (see {@link AtomicFiles}): an existing file is replaced whole or not at all.
   */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
    requireNonNull(file, "file is null");
    AtomicFiles.write(file, encode(tensors, metadata));
  }

  /** The bytes {@link #write} puts in a file. */
  public static byte[] encode(Map<String, Tensor> tensors, Map<String, String> metadata) {
    requireNonNull(tensors, "tensors is null");
    requireNonNull(metadata, "metadata is null");
    Map<String, Object> header = new LinkedHashMap<>();
    if (!metadata.isEmpty()) {
      Map<String, String> meta = new LinkedHashMap<>();
      metadata.forEach((k, v) -> meta.put(requireNonNull(k, "metadata key is null"),
          requireNonNull(v, "metadata value of '" + k + "' is null")));
      header.put(METADATA_KEY, meta);
    }
    long offset = 0;
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      String name = requireNonNull(e.getKey(), "tensor name is null");
      Tensor t = requireNonNull(e.getValue(), "tensor '" + name + "' is null");
      if (name.equals(METADATA_KEY)) {
        throw new IllegalArgumentException("'" + METADATA_KEY + "' is reserved for metadata and cannot name a tensor");
      }
      long end = offset + (long) t.size() * Float.BYTES;
      Map<String, Object> info = new LinkedHashMap<>();
      info.put("dtype", F32);
      info.put("shape", t.shape());
      info.put("data_offsets", List.of(offset, end));
      header.put(name, info);
      offset = end;
    }
    byte[] json = Json.write(header).getBytes(UTF_8);
    int padded = (json.length + HEADER_ALIGNMENT - 1) / HEADER_ALIGNMENT * HEADER_ALIGNMENT;
    long total = Long.BYTES + (long) padded + offset;
    if (total > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("tensors take " + total + " bytes; one safetensors file holds at most 2 GiB here");
    }
    ByteBuffer out = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
    out.putLong(padded);
    out.put(json);
    for (int i = json.length; i < padded; i++) {
      out.put((byte) ' ');
    }
    for (Tensor t : tensors.values()) {
      out.asFloatBuffer().put(t.data());
      out.position(out.position() + t.size() * Float.BYTES);
    }
    return out.array();
  }

  // ---------------------------------------------------------------- reading

  /**
   * Reads and checks a whole file: {@code read(path).tensors()} in header order, and its metadata.
   *
   * @throws RecurException naming the file (and the tensor) when the file is missing, truncated,
   *     has a header that is not JSON, holds a dtype other than F32, or has data offsets that do
   *     not fit the data section or the tensor's shape
   */
  public static Contents read(Path file) {
    return decode(readBytes(file), file.toString());
  }

  /**
   * Reads input values rather than weights: like {@link #read}, but tensors of any numeric dtype
   * (F64, F16, BF16, I64, I32, I16, I8, U8, BOOL as well as F32) are converted to float32, as
   * {@code recur predict} takes token ids and lengths the way PyTorch keeps them (int64).
   *
   * @throws RecurException as {@link #read} does, and for an integer float32 cannot hold exactly
   */
  public static Contents readValues(Path file) {
    return decode(readBytes(file), file.toString(), true);
  }

  private static byte[] readBytes(Path file) {
    requireNonNull(file, "file is null");
    if (Files.notExists(file) && !Files.isSymbolicLink(file)) {
      throw new RecurException(file + ": file not found");
    }
    // a regular file only (a directory, a link loop or /dev/zero is refused), its size checked first
    return InputFiles.readBytes(file, InputFiles.MAX_BINARY_BYTES, "a safetensors file");
  }

  /**
   * Parses safetensors bytes; {@code source} names them in messages (a file name).
   *
   * @throws RecurException as {@link #read} does
   */
  public static Contents decode(byte[] bytes, String source) {
    return decode(bytes, source, false);
  }

  private static Contents decode(byte[] bytes, String source, boolean anyNumericDType) {
    requireNonNull(bytes, "bytes is null");
    requireNonNull(source, "source is null");
    if (bytes.length < Long.BYTES) {
      throw new RecurException(source + ": truncated: the file has " + bytes.length
          + " bytes, but a safetensors file starts with an 8-byte header length");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long headerLength = buf.getLong();
    long available = bytes.length - Long.BYTES;
    // compared unsigned: a length with the top bit set is huge, not negative
    if (Long.compareUnsigned(headerLength, available) > 0) {
      throw new RecurException(source + ": truncated or not a safetensors file: the header length is "
          + Long.toUnsignedString(headerLength) + " bytes, but only " + available + " bytes follow it");
    }
    int dataStart = Long.BYTES + (int) headerLength;
    Map<?, ?> header = parseHeader(bytes, (int) headerLength, source);
    int dataLength = bytes.length - dataStart;

    Map<String, String> metadata = new LinkedHashMap<>();
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<?, ?> e : header.entrySet()) {
      String name = String.valueOf(e.getKey());
      if (name.equals(METADATA_KEY)) {
        metadata.putAll(metadata(e.getValue(), source));
      } else {
        entries.add(entry(name, e.getValue(), dataLength, source, anyNumericDType));
      }
    }
    checkLayout(entries, dataLength, source);

    Map<String, Tensor> tensors = new LinkedHashMap<>();
    for (Entry en : entries) {
      float[] data = new float[en.elements];
      ByteBuffer slice = ByteBuffer.wrap(bytes, dataStart + (int) en.begin, (int) (en.end - en.begin))
          .slice().order(ByteOrder.LITTLE_ENDIAN);
      if (en.dtype == SafetensorsDType.F32) {
        slice.asFloatBuffer().get(data);
      } else {
        en.dtype.read(slice, data, source + ": tensor '" + en.name + "'");
      }
      tensors.put(en.name, Tensor.of(data, en.shape));
    }
    return new Contents(tensors, metadata);
  }

  private static Map<?, ?> parseHeader(byte[] bytes, int length, String source) {
    String text;
    try {
      text = UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes, Long.BYTES, length))
          .toString();
    } catch (CharacterCodingException e) {
      throw new RecurException(source + ": not a safetensors file: the header is not UTF-8 text");
    }
    // JSON is parsed by the YAML loader, which would also accept YAML: insist on a JSON object
    if (!text.stripLeading().startsWith("{")) {
      throw new RecurException(source + ": not a safetensors file: the header is not JSON (expected a JSON object"
          + " starting with '{', found " + preview(text) + ")");
    }
    Object parsed;
    try {
      parsed = Json.readStrict(text);
    } catch (RuntimeException e) {
      throw new RecurException(source + ": not a safetensors file: the header is not JSON: "
          + firstLine(e.getMessage()));
    }
    if (!(parsed instanceof Map<?, ?> map)) {
      throw new RecurException(source + ": not a safetensors file: the header is not a JSON object");
    }
    return map;
  }

  private static Map<String, String> metadata(Object value, String source) {
    if (!(value instanceof Map<?, ?> m)) {
      throw new RecurException(source + ": '" + METADATA_KEY + "' must be a JSON object of strings, got " + value);
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw new RecurException(source + ": '" + METADATA_KEY + "." + e.getKey()
            + "' must be a string, got " + e.getValue());
      }
      out.put(String.valueOf(e.getKey()), s);
    }
    return out;
  }

  /** One tensor's header entry, checked against itself and the size of the data section. */
  private record Entry(String name, SafetensorsDType dtype, int[] shape, int elements, long begin, long end) {}

  private static Entry entry(String name, Object value, int dataLength, String source, boolean anyNumericDType) {
    String where = source + ": tensor '" + name + "'";
    if (!(value instanceof Map<?, ?> info)) {
      throw new RecurException(where + ": expected {\"dtype\", \"shape\", \"data_offsets\"}, got " + value);
    }
    Object dtype = info.get("dtype");
    if (dtype == null) {
      throw new RecurException(where + ": the header gives no dtype");
    }
    SafetensorsDType type = SafetensorsDType.of(dtype);
    if (anyNumericDType && type == null) {
      throw new RecurException(where + " has dtype " + dtype + "; expected one of " + SafetensorsDType.names());
    }
    if (!anyNumericDType && type != SafetensorsDType.F32) {
      throw new RecurException(where + " has dtype " + dtype + ", but Recur reads only F32 (float32) weights;"
          + " convert before saving, e.g. in PyTorch: {k: v.float() for k, v in state_dict.items()}");
    }
    int[] shape = shape(info.get("shape"), where);
    long[] offsets = offsets(info.get("data_offsets"), where);
    long elements = 1;
    for (int d : shape) {
      elements *= d;
      if (elements > Integer.MAX_VALUE) {
        throw new RecurException(where + ": shape " + Arrays.toString(shape) + " holds more than 2^31 values");
      }
    }
    long begin = offsets[0];
    long end = offsets[1];
    if (begin > end) {
      throw new RecurException(where + ": data_offsets [" + begin + ", " + end + "] end before they begin");
    }
    if (end > dataLength) {
      throw new RecurException(where + ": data_offsets [" + begin + ", " + end + "] run past the end of the data ("
          + dataLength + " bytes): the file is truncated or its header is wrong");
    }
    if (end - begin != elements * type.bytes) {
      throw new RecurException(where + ": shape " + Arrays.toString(shape) + " needs "
          + elements * type.bytes + " bytes of " + type + ", but data_offsets [" + begin + ", " + end + "] hold "
          + (end - begin));
    }
    return new Entry(name, type, shape, (int) elements, begin, end);
  }

  private static int[] shape(Object value, String where) {
    if (!(value instanceof List<?> dims)) {
      throw new RecurException(where + ": shape must be a list of non-negative integers, got " + value);
    }
    int[] shape = new int[dims.size()];
    for (int i = 0; i < shape.length; i++) {
      long d = nonNegativeInteger(dims.get(i));
      if (d < 0 || d > Integer.MAX_VALUE) {
        throw new RecurException(where + ": shape must be a list of non-negative integers, got " + value);
      }
      shape[i] = (int) d;
    }
    return shape;
  }

  private static long[] offsets(Object value, String where) {
    if (value instanceof List<?> l && l.size() == 2) {
      long begin = nonNegativeInteger(l.get(0));
      long end = nonNegativeInteger(l.get(1));
      if (begin >= 0 && end >= 0) {
        return new long[] {begin, end};
      }
    }
    throw new RecurException(where + ": data_offsets must be two non-negative integers [begin, end], got " + value);
  }

  /** The value as a long when it is a non-negative integer that fits, else -1. */
  private static long nonNegativeInteger(Object v) {
    if (v instanceof Integer || v instanceof Long) {
      long n = ((Number) v).longValue();
      return n >= 0 ? n : -1;
    }
    return -1;
  }

  /**
   * The tensors' bytes must tile the data section exactly, as the format (and its reference
   * reader) requires: two tensors must not share bytes (writing one in place would silently
   * change the other), and a hole between them or bytes after the last are data no tensor
   * accounts for, the mark of a damaged or hand-edited file.
   */
  private static void checkLayout(List<Entry> entries, int dataLength, String source) {
    List<Entry> sorted = new ArrayList<>();
    for (Entry e : entries) {
      if (e.end > e.begin) {
        sorted.add(e);
      }
    }
    sorted.sort(Comparator.comparingLong(Entry::begin));
    long covered = 0;
    Entry prev = null;
    for (Entry cur : sorted) {
      if (cur.begin < covered) {
        throw new RecurException(source + ": tensor '" + cur.name + "': data_offsets [" + cur.begin + ", "
            + cur.end + "] overlap those of tensor '" + prev.name + "' [" + prev.begin + ", " + prev.end + "]");
      }
      if (cur.begin > covered) {
        throw new RecurException(source + ": bytes [" + covered + ", " + cur.begin + ") of the data section belong"
            + " to no tensor (a hole before tensor '" + cur.name + "'); tensors must be stored contiguously");
      }
      covered = cur.end;
      prev = cur;
    }
    if (covered != dataLength) {
      throw new RecurException(source + ": " + (dataLength - covered) + " bytes after the last tensor's data"
          + " (the tensors cover " + covered + " of the " + dataLength + " bytes of the data section);"
          + " the file is damaged or not a safetensors file");
    }
  }

  private static String preview(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      return "nothing";
    }
    return "'" + (s.length() > 20 ? s.substring(0, 20) + "…" : s) + "'";
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "unreadable";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }
}
