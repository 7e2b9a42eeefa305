package io.recur.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
  /**
   * Written by Python's safetensors 0.x: {@code save({"weight": [[1,2],[3,4]], "bias": [0.5,-0.25]},
   * metadata={"format": "pt"})} with float32 numpy arrays. The library sorts tensors by name.
   */
  private static final String PYTHON_FILE_HEX = "9800000000000000"
      + "7b225f5f6d657461646174615f5f223a7b22666f726d6174223a227074227d2c2262696173223a7b226474797065223a"
      + "22463332222c227368617065223a5b325d2c22646174615f6f666673657473223a5b302c385d7d2c22776569676874223a"
      + "7b226474797065223a22463332222c227368617065223a5b322c325d2c22646174615f6f666673657473223a5b382c3234"
      + "5d7d7d202020"
      + "0000003f000080be0000803f000000400000404000008040";

  @TempDir Path dir;

  private static Map<String, Tensor> sample() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("enc.weight_ih_l0", Tensor.of(new float[] {1, -2, 3.5f, Float.MIN_VALUE, -0f, 1e30f}, 2, 3));
    m.put("enc.bias_ih_l0", Tensor.of(new float[] {0.25f, Float.NaN}, 2));
    m.put("scale", Tensor.scalar(7f));
    m.put("empty", Tensor.zeros(0, 3));
    return m;
  }

  @Test
  void roundTripKeepsOrderShapesValuesAndMetadata() {
    Path file = dir.resolve("w.safetensors");
    Map<String, Tensor> in = sample();
    Safetensors.write(file, in, Map.of("format", "pt"));

    Safetensors.Contents c = Safetensors.read(file);
    assertEquals(List.copyOf(in.keySet()), List.copyOf(c.tensors().keySet()));
    for (String name : in.keySet()) {
      assertArrayEquals(in.get(name).shape(), c.tensors().get(name).shape(), name);
      assertEquals(Arrays.toString(bits(in.get(name))), Arrays.toString(bits(c.tensors().get(name))), name);
    }
    assertEquals(Map.of("format", "pt"), c.metadata());
      }

  @Test
  void rewritingTheSameTensorsGivesTheSameBytes() throws Exception {
    Path a = dir.resolve("a.safetensors");
    Path b = dir.resolve("b.safetensors");
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put("recur", "0.1.0");
    meta.put("epoch", "3");
    Safetensors.write(a, sample(), meta);
    Safetensors.write(b, Safetensors.read(a).tensors(), meta);
    assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    assertEquals(Sha256.ofFile(a), Sha256.ofFile(b));
  }

  @Test
  void headerIsCompactJsonPaddedWithSpacesToAMultipleOfEight() {
    byte[] bytes = Safetensors.encode(Map.of("x", Tensor.of(new float[] {1, 2}, 2)), Map.of());
    long n = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).getLong();
    assertEquals(0, n % 8);
    String header = new String(bytes, 8, (int) n, UTF_8);
    assertEquals("{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}", header.stripTrailing());
    assertTrue(header.substring(header.lastIndexOf('}') + 1).isBlank());
    assertEquals(8 + n + 8, bytes.length);
    assertEquals(1f, ByteBuffer.wrap(bytes, (int) (8 + n), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat());
  }

  @Test
  void writesTheSameBytesAsThePythonLibrary() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("bias", Tensor.of(new float[] {0.5f, -0.25f}, 2));
    m.put("weight", Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
    assertEquals(PYTHON_FILE_HEX, HexFormat.of().formatHex(Safetensors.encode(m, Map.of("format", "pt"))));
  }

  @Test
  void readsAFileWrittenByThePythonLibrary() throws Exception {
    Path file = dir.resolve("torch.safetensors");
    Files.write(file, HexFormat.of().parseHex(PYTHON_FILE_HEX));
    Safetensors.Contents c = Safetensors.read(file);
    assertEquals(List.of("bias", "weight"), List.copyOf(c.tensors().keySet()));
    assertArrayEquals(new float[] {0.5f, -0.25f}, c.tensors().get("bias").data());
    assertArrayEquals(new int[] {2, 2}, c.tensors().get("weight").shape());
    assertArrayEquals(new float[] {1, 2, 3, 4}, c.tensors().get("weight").data());
    assertEquals(Map.of("format", "pt"), c.metadata());
  }

  @Test
  void readsAHandBuiltHeaderWithWhitespaceAndUnsortedOffsets() {
    // legal but unusual: spaces in the JSON, tensors listed out of data order, metadata last
    String header = "{ \"b\" : {\"data_offsets\": [4, 12], \"shape\": [2], \"dtype\": \"F32\"},\n"
        + "  \"a\": {\"dtype\": \"F32\", \"shape\": [], \"data_offsets\": [0, 4]},"
        + "  \"__metadata__\": {\"note\": \"hand \\\"made\\\"\"} }";
    byte[] bytes = file(header, floats(9, 1, 2));
    Safetensors.Contents c = Safetensors.decode(bytes, "hand.safetensors");
    assertEquals(List.of("b", "a"), List.copyOf(c.tensors().keySet()));
    assertArrayEquals(new float[] {1, 2}, c.tensors().get("b").data());
    assertEquals(9f, c.tensors().get("a").item());
    assertEquals("hand \"made\"", c.metadata().get("note"));
  }

  // ---------------------------------------------------------------- corrupt files

  @Test
  void rejectsAFileShorterThanTheHeaderLength() {
    RecurException e = assertThrows(RecurException.class, () -> Safetensors.decode(new byte[5], "w.safetensors"));
    assertEquals("w.safetensors: truncated: the file has 5 bytes, but a safetensors file starts with an 8-byte"
        + " header length", e.getMessage());
  }

  @Test
  void rejectsAHeaderLengthBeyondTheFile() {
    ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(1000);
    RecurException e = assertThrows(RecurException.class, () -> Safetensors.decode(b.array(), "w.safetensors"));
    assertEquals("w.safetensors: truncated or not a safetensors file: the header length is 1000 bytes, but only"
        + " 12 bytes follow it", e.getMessage());
  }

  @Test
  void rejectsAHeaderLengthWithTheTopBitSet() {
    ByteBuffer b = ByteBuffer.allocate(20).order(ByteOrder.LITTLE_ENDIAN).putLong(-1);
    RecurException e = assertThrows(RecurException.class, () -> Safetensors.decode(b.array(), "w.safetensors"));
    assertTrue(e.getMessage().contains("the header length is 18446744073709551615 bytes"), e.getMessage());
  }

  @Test
  void rejectsAHeaderThatIsNotJson() {
    RecurException e = assertThrows(RecurException.class,
        () -> Safetensors.decode(file("PK\u0003\u0004 zip", new byte[0]), "w.safetensors"));
    assertEquals("w.safetensors: not a safetensors file: the header is not JSON (expected a JSON object starting"
        + " with '{', found 'PK\u0003\u0004 zip')", e.getMessage());
  }

  @Test
  void rejectsBrokenJson() {
    RecurException e = assertThrows(RecurException.class,
        () -> Safetensors.decode(file("{\"a\": {\"dtype\": \"F32\", ", new byte[0]), "w.safetensors"));
    assertTrue(e.getMessage().startsWith("w.safetensors: not a safetensors file: the header is not JSON: "),
        e.getMessage());
  }

  @Test
  void rejectsAHeaderThatIsNotUtf8() {
    byte[] header = {'{', (byte) 0xff, '}'};
    ByteBuffer b = ByteBuffer.allocate(8 + header.length).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).put(header);
    RecurException e = assertThrows(RecurException.class, () -> Safetensors.decode(b.array(), "w.safetensors"));
    assertEquals("w.safetensors: not a safetensors file: the header is not UTF-8 text", e.getMessage());
  }

  @Test
  void rejectsF64WithAHintToConvertInPyTorch() {
    String header = "{\"w\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
    RecurException e = assertThrows(RecurException.class,
        () -> Safetensors.decode(file(header, new byte[8]), "model.safetensors"));
    assertEquals("model.safetensors: tensor 'w' has dtype F64, but Recur reads only F32 (float32) weights;"
        + " convert before saving, e.g. in PyTorch: {k: v.float() for k, v in state_dict.items()}", e.getMessage());
  }

  @Test
  void rejectsF16() {
    String header = "{\"w\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}";
    RecurException e = assertThrows(RecurException.class,
        () -> Safetensors.decode(file(header, new byte[4]), "model.safetensors"));
    assertTrue(e.getMessage().startsWith("model.safetensors: tensor 'w' has dtype F16"), e.getMessage());
    assertTrue(e.getMessage().contains(".float()"), e.getMessage());
  }

  @Test
  void rejectsATruncatedFile() throws Exception {
    Path file = dir.resolve("cut.safetensors");
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("a", Tensor.zeros(4));
    m.put("b", Tensor.zeros(4));
    byte[] whole = Safetensors.encode(m, Map.of());
    Files.write(file, Arrays.copyOf(whole, whole.length - 3));
    RecurException e = assertThrows(RecurException.class, () -> Safetensors.read(file));
    assertEquals(file + ": tensor 'b': data_offsets [16, 32] run past the end of the data (29 bytes): the file"
        + " is truncated or its header is wrong", e.getMessage());
  }

  @Test
  void rejectsOffsetsThatDoNotMatchTheShape() {
    String header = "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,20]}}";
    RecurException e = assertThrows(RecurException.class,
        () -> Safetensors.decode(file(header, new byte[24]), "w.safetensors"));
    assertEquals("w.safetensors: tensor 'w': shape [2, 3] needs 24 bytes of F32, but data_offsets [0, 20] hold 20",
        e.getMessage());
  }

  @Test
  void rejectsOverlappingTensors() {
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}";
    RecurException e = assertThrows(RecurException.class,
        () -> Safetensors.decode(file(header, new byte[12]), "w.safetensors"));
    assertEquals("w.safetensors: tensor 'b': data_offsets [4, 12] overlap those of tensor 'a' [0, 8]",
        e.getMessage());
  }

  @Test
  void rejectsOffsetsThatEndBeforeTheyBegin() {
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[8,0]}}";
    RecurException e = assertThrows(RecurException.class,
        () -> Safetensors.decode(file(header, new byte[8]), "w.safetensors"));
    assertEquals("w.safetensors: tensor 'a': data_offsets [8, 0] end before they begin", e.getMessage());
  }

  @Test
  void rejectsMalformedOffsets() {
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0]}}";
    RecurException e = assertThrows(RecurException.class,
        () -> Safetensors.decode(file(header, new byte[4]), "w.safetensors"));
    assertEquals("w.safetensors: tensor 'a': data_offsets must be two non-negative integers [begin, end], got [0]",
        e.getMessage());
  }

  @Test
  void rejectsAMalformedShape() {
    String header = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2,-1],\"data_offsets\":[0,8]}}";
    RecurException e = assertThrows(RecurException.class,
        () -> Safetensors.decode(file(header, new byte[8]), "w.safetensors"));
    assertEquals("w.safetensors: tensor 'a': shape must be a list of non-negative integers, got [2, -1]",
        e.getMessage());
  }

  @Test
  void rejectsAnEntryWithoutDtype() {
    String header = "{\"a\":{\"shape\":[1],\"data_offsets\":[0,4]}}";
    RecurException e = assertThrows(RecurException.class,
        () -> Safetensors.decode(file(header, new byte[4]), "w.safetensors"));
    assertEquals("w.safetensors: tensor 'a': the header gives no dtype", e.getMessage());
  }

  @Test
  void rejectsMetadataThatIsNotStrings() {
    String header = "{\"__metadata__\":{\"epoch\":3}}";
    RecurException e = assertThrows(RecurException.class,
        () -> Safetensors.decode(file(header, new byte[0]), "w.safetensors"));
    assertEquals("w.safetensors: '__metadata__.epoch' must be a string, got 3", e.getMessage());
  }

  @Test
  void rejectsAMissingFile() {
    Path missing = dir.resolve("nope.safetensors");
    RecurException e = assertThrows(RecurException.class, () -> Safetensors.read(missing));
    assertEquals(missing + ": file not found", e.getMessage());
  }

  @Test
  void refusesToNameATensorLikeTheMetadata() {
    assertThrows(IllegalArgumentException.class,
        () -> Safetensors.encode(Map.of("__metadata__", Tensor.zeros(1)), Map.of()));
  }

  // ---------------------------------------------------------------- helpers

  /** A safetensors byte layout around any header text, padded the way the library pads. */
  @Test
  void inputValuesMayComeInEveryNumericDTypeAndReadAsFloat32() throws Exception {
    ByteBuffer data = ByteBuffer.allocate(8 * 2 + 4 * 2 + 8 + 2 * 3 + 2 + 1 * 2).order(ByteOrder.LITTLE_ENDIAN);
    data.putLong(7).putLong(-3);                                  // ids: I64
    data.putInt(1 << 24).putInt(0);                               // I32, at the exact limit
    data.putDouble(0.1);                                          // F64, rounded once
    data.putShort((short) 0x3c00).putShort((short) 0xc000).putShort((short) 0x0001); // F16: 1, -2, 2^-24
    data.putShort((short) 0x3fc0);                                // BF16: 1.5
    data.put((byte) 200).put((byte) 1);                           // U8, BOOL
    String header = "{\"ids\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[0,16]},"
        + "\"i\":{\"dtype\":\"I32\",\"shape\":[2],\"data_offsets\":[16,24]},"
        + "\"d\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[24,32]},"
        + "\"h\":{\"dtype\":\"F16\",\"shape\":[3],\"data_offsets\":[32,38]},"
        + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[38,40]},"
        + "\"u\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[40,41]},"
        + "\"m\":{\"dtype\":\"BOOL\",\"shape\":[1],\"data_offsets\":[41,42]}}";
    Path path = dir.resolve("input.safetensors");
    Files.write(path, file(header, data.array()));
    Map<String, Tensor> t = Safetensors.readValues(path).tensors();
    assertArrayEquals(new float[] {7, -3}, t.get("ids").data());
    assertArrayEquals(new float[] {1 << 24, 0}, t.get("i").data());
    assertEquals(0.1f, t.get("d").data()[0]);
    assertArrayEquals(new float[] {1, -2, 0x1p-24f}, t.get("h").data());
    assertArrayEquals(new float[] {1.5f}, t.get("b").data());
    assertArrayEquals(new float[] {200}, t.get("u").data());
    assertArrayEquals(new float[] {1}, t.get("m").data());
    // weights stay float32 only
    RecurException e = assertThrows(RecurException.class, () -> Safetensors.read(path));
    assertTrue(e.getMessage().startsWith(path + ": tensor 'ids' has dtype I64, but Recur reads only F32"), e.getMessage());
  }

  @Test
  void anIntegerFloat32CannotHoldIsAClearError() {
    ByteBuffer data = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong((1L << 24) + 1);
    String header = "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
    Path path = dir.resolve("big.safetensors");
    RecurException e = assertThrows(RecurException.class, () -> {
      Files.write(path, file(header, data.array()));
      Safetensors.readValues(path);
    });
    assertEquals(path + ": tensor 'ids': value 16777217 at index 0 is beyond ±2^24, where float32, which Recur"
        + " computes in, can no longer hold every integer", e.getMessage());
  }

  @Test
  void anUnknownDTypeNamesTheOnesThatAreRead() {
    String header = "{\"x\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
    Path path = dir.resolve("complex.safetensors");
    RecurException e = assertThrows(RecurException.class, () -> {
      Files.write(path, file(header, new byte[8]));
      Safetensors.readValues(path);
    });
    assertEquals(path + ": tensor 'x' has dtype C64; expected one of F32, F64, F16, BF16, I64, I32, I16, I8, U8, BOOL",
        e.getMessage());
  }

  @Test
  void rejectsBytesAfterTheLastTensor() {
    byte[] bytes = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", floats(1f, 2f));
    RecurException e = assertThrows(RecurException.class, () -> Safetensors.decode(bytes, "w.safetensors"));
    assertEquals("w.safetensors: 4 bytes after the last tensor's data (the tensors cover 4 of the 8 bytes of the data"
        + " section); the file is damaged or not a safetensors file", e.getMessage());
  }

  @Test
  void rejectsAHoleBetweenTensors() {
    byte[] bytes = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"b\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[8,12]}}", floats(1f, 2f, 3f));
    RecurException e = assertThrows(RecurException.class, () -> Safetensors.decode(bytes, "w.safetensors"));
    assertEquals("w.safetensors: bytes [4, 8) of the data section belong to no tensor (a hole before tensor 'b');"
        + " tensors must be stored contiguously", e.getMessage());
  }

  @Test
  void rejectsAYamlFlowHeader() {
    byte[] bytes = file("{a: {dtype: F32, shape: [1], data_offsets: [0, 4]}}", floats(1f));
    RecurException e = assertThrows(RecurException.class, () -> Safetensors.decode(bytes, "w.safetensors"));
    assertEquals("w.safetensors: not a safetensors file: the header is not JSON: expected a quoted key at character 1",
        e.getMessage());
  }

  @Test
  void rejectsDuplicateKeysAndTrailingText() {
    byte[] dup = file("{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
        + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", floats(1f));
    RecurException e = assertThrows(RecurException.class, () -> Safetensors.decode(dup, "w.safetensors"));
    assertTrue(e.getMessage().startsWith("w.safetensors: not a safetensors file: the header is not JSON: duplicate key"),
        e.getMessage());
    byte[] trailing = file("{} # comment", new byte[0]);
    e = assertThrows(RecurException.class, () -> Safetensors.decode(trailing, "w.safetensors"));
    assertEquals("w.safetensors: not a safetensors file: the header is not JSON: text after the JSON value at character 3",
        e.getMessage());
  }

  @Test
  void readsOnlyRegularFiles(@TempDir Path dir) throws Exception {
    RecurException e = assertThrows(RecurException.class, () -> Safetensors.read(dir));
    assertEquals(dir + ": is a directory; expected a safetensors file", e.getMessage());
    Path zero = dir.resolve("weights.safetensors");
    Files.createSymbolicLink(zero, Path.of("/dev/zero"));
    e = assertThrows(RecurException.class, () -> Safetensors.read(zero));
    assertEquals(zero + ": is not a regular file (a device, a FIFO or a socket); expected a safetensors file",
        e.getMessage());
    Path loop = dir.resolve("loop.safetensors");
    Files.createSymbolicLink(loop, loop);
    e = assertThrows(RecurException.class, () -> Safetensors.read(loop));
    assertEquals(loop + ": a loop of symbolic links; expected a safetensors file", e.getMessage());
  }

  private static byte[] file(String header, byte[] data) {
    byte[] h = header.getBytes(UTF_8);
    int padded = (h.length + 7) / 8 * 8;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(padded).array());
    out.writeBytes(h);
    out.writeBytes(" ".repeat(padded - h.length).getBytes(UTF_8));
    out.writeBytes(data);
    return out.toByteArray();
  }

  private static byte[] floats(float... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      b.putFloat(v);
    }
    return b.array();
  }

  private static int[] bits(Tensor t) {
    int[] out = new int[t.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = Float.floatToRawIntBits(t.data()[i]);
    }
    return out;
  }
}
