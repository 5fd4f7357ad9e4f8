package io.newswire.testkit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Story bodies built to hurt a text pipeline: long runs of the characters that caption, dateline
 * and markup rules look for, one character repeated, deep markup, floods of tag mentions. Used by
 * the enrich property tests, the enrich benchmark (cost per KB) and the hostile-input corpus run
 * against the real pipeline.
 *
 * <p>Each kind is a function from a size in chars to a text of about that size.
 */
public final class HostileText {
  private HostileText() {}

  /** The kinds, by name. */
  public static Map<String, IntFunction<String>> kinds() {
    Map<String, IntFunction<String>> k = new LinkedHashMap<>();
    // the case that stalled enrich: a run of "- " before an inline caption
    k.put(
        "dash-run-before-caption", n -> repeat("- ", n - 40) + "… Photo: AFP | The story goes on.");
    k.put("spaces", n -> "x" + repeat(" \u00A0\t", n - 10) + " Photo: AFP");
    k.put("pipes", n -> repeat("| ", n));
    k.put("colons", n -> repeat(": ", n));
    k.put("photo-fragments", n -> repeat("Photo: ", n));
    k.put("photo-pipes", n -> repeat("Photo: AFP | ", n));
    k.put("unclosed-parens", n -> repeat("(Photo: ", n));
    k.put("dateline-like", n -> repeat("HANOI ", n) + "- x");
    k.put("capital-word", n -> repeat("A", n) + " - x");
    k.put("combining-marks", n -> "e" + repeat("\u0301\u0323", n - 1));
    k.put("lone-surrogates", n -> repeat("\uD800a\uDC00", n));
    k.put("one-char", n -> repeat("a", n));
    k.put("one-thai-char", n -> repeat("ก", n));
    k.put("one-han-char", n -> repeat("人", n));
    k.put("deep-html", n -> repeat("<div><b>", n / 2) + "ASEAN" + repeat("</b></div>", n / 2));
    k.put("entity-chains", n -> repeat("&amp;amp;amp;amp;", n));
    k.put("mention-flood", n -> repeat("AI ", n));
    k.put("spaceless-mention-flood", n -> repeat("人工智能", n));
    k.put("state-code-flood", n -> repeat("Des Moines, IA ", n));
    k.put("honorific-flood", n -> repeat("Ms AI ", n));
    k.put("paragraph-flood", n -> repeat("ASEAN\n\n", n));
    return k;
  }

  /** {@code unit} repeated to about {@code chars} chars (at least once). */
  public static String repeat(String unit, int chars) {
    int times = Math.max(1, chars / unit.length());
    return unit.repeat(times);
  }
}
