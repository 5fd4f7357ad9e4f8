package io.newswire.publish.core.console;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A field's text cut into plain and highlighted segments at the offsets of tag mentions, for the
 * console's story page (which builds text nodes from the segments: no markup is ever made from
 * story text). Offsets are UTF-16 code units, as the enriched story's mentions give them; a mention
 * outside the text, empty, or overlapping one already placed is left out.
 */
public final class Highlights {
  private Highlights() {}

  /** Most mentions placed in one field; the rest are left out. */
  public static final int MAX_MARKS = 2_000;

  /** A mention of {@code tag} at {@code [start, end)} of a field's text. */
  public record Mark(int start, int end, String tag) {}

  /** A run of text, highlighted for {@code tag}, or plain when {@code tag} is null. */
  public record Segment(String text, String tag) {
    public boolean highlighted() {
      return tag != null;
    }
  }

  /**
   * {@code text} as segments: every mention that fits, earliest first (the longer of two starting
   * together), the text between them plain. The segments' texts joined are {@code text}.
   */
  public static List<Segment> segments(String text, List<Mark> marks) {
    List<Segment> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    List<Mark> sorted =
        marks.stream()
            .limit(MAX_MARKS)
            .filter(m -> m.start() >= 0 && m.end() <= text.length() && m.start() < m.end())
            .sorted(
                Comparator.comparingInt(Mark::start)
                    .thenComparing(Comparator.comparingInt(Mark::end).reversed()))
            .toList();
    int at = 0;
    for (Mark m : sorted) {
      if (m.start() < at) {
        continue; // overlaps the previous mention
      }
      if (m.start() > at) {
        out.add(new Segment(text.substring(at, m.start()), null));
      }
      out.add(new Segment(text.substring(m.start(), m.end()), m.tag()));
      at = m.end();
    }
    if (at < text.length()) {
      out.add(new Segment(text.substring(at), null));
    }
    return out;
  }

  /**
   * The captions' segments, one list per caption: the mentions of the {@code caption} field are at
   * offsets of the captions joined by {@code "\n"}; a mention across two captions is left out.
   */
  public static List<List<Segment>> captionSegments(List<String> captions, List<Mark> marks) {
    List<List<Segment>> out = new ArrayList<>();
    int offset = 0;
    for (String caption : captions) {
      int from = offset;
      int to = offset + caption.length();
      List<Mark> inside =
          marks.stream()
              .limit(MAX_MARKS)
              .filter(m -> m.start() >= from && m.end() <= to)
              .map(m -> new Mark(m.start() - from, m.end() - from, m.tag()))
              .toList();
      out.add(segments(caption, inside));
      offset = to + 1;
    }
    return out;
  }
}
