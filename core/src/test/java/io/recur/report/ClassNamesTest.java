package io.recur.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ClassNamesTest {
  @Test
  void invisibleCharactersBecomeSymbols() {
    assertEquals("⏎", ClassNames.printable("\n"));
    assertEquals("␣", ClassNames.printable(" "));
    assertEquals("⇥", ClassNames.printable("\t"));
    assertEquals("U+0007", ClassNames.printable("\u0007"));
    assertEquals("(empty)", ClassNames.printable(""));
  }

  @Test
  void ordinaryNamesStayAsTheyAre() {
    assertEquals("Vietnamese", ClassNames.printable("Vietnamese"));
    assertEquals("New York", ClassNames.printable("New York"));
    assertEquals("é", ClassNames.printable("é"));
  }
}
