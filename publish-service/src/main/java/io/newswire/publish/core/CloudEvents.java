package io.newswire.publish.core;

import io.newswire.schema.v1.Body;
import io.newswire.schema.v1.Caption;
import io.newswire.schema.v1.EventType;
import io.newswire.schema.v1.Headline;
import io.newswire.schema.v1.NewsEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The CloudEvents 1.0 attributes of a NewsEvent, as Kafka-binding headers ({@code ce_*}, binary
 * content mode). Plain Java and deterministic: the same event always gets the same attributes, so a
 * replayed event is recognizable.
 *
 * <p>{@code ce_id} is a name-based (version 5, SHA-1) UUID of the story URN and version. Two events
 * of a story can share a version: a correction (same version, different content) and a kill notice
 * sent with the current version. They are different occurrences, and a consumer that deduplicates
 * on {@code ce_id} must not drop them, so the name also holds the event type for WITHDRAWN and, for
 * CORRECTED, a digest of the corrected content. PUBLISHED and UPDATED events (at most one per
 * version) are named by (uri, version) alone.
 */
public final class CloudEvents {
  private CloudEvents() {}

  public static final String SPEC_VERSION = "1.0";
  public static final String SOURCE = "/newswire/publish";
  public static final String TYPE = "io.newswire.news.published.v1";
  public static final String CONTENT_TYPE = "application/avro";

  public static final String ID = "ce_id";
  public static final String SOURCE_HEADER = "ce_source";
  public static final String TYPE_HEADER = "ce_type";
  public static final String SPECVERSION_HEADER = "ce_specversion";
  public static final String TIME_HEADER = "ce_time";
  public static final String SUBJECT_HEADER = "ce_subject";
  public static final String CONTENT_TYPE_HEADER = "content-type";

  /** The namespace of Newswire event ids (a v5 UUID namespace of its own, fixed forever). */
  static final UUID NAMESPACE = UUID.fromString("6f2b1c1e-3d4a-5b6c-8d7e-9f0a1b2c3d4e");

  /** The event's id: see the class comment. */
  public static String id(NewsEvent e) {
    String name = e.getUri() + "\n" + e.getVersion();
    if (e.getEventType() == EventType.WITHDRAWN) {
      name += "\nWITHDRAWN";
    } else if (e.getEventType() == EventType.CORRECTED) {
      name += "\nCORRECTED\n" + contentDigest(e);
    }
    return uuid5(NAMESPACE, name).toString();
  }

  /**
   * When the event happened: the version's {@code versionCreated} when it is an ISO 8601 instant
   * with an offset, else when Newswire received the version, else {@code fallback} (the record's
   * timestamp). RFC 3339, UTC.
   */
  public static Instant time(NewsEvent e, Instant fallback) {
    if (e.getVersionCreated() != null) {
      try {
        return OffsetDateTime.parse(e.getVersionCreated()).toInstant();
      } catch (DateTimeParseException ignored) {
        // not an instant: fall through
      }
    }
    return e.getReceivedAt() != null ? e.getReceivedAt() : fallback;
  }

  /** Every header value, in order. */
  public static Map<String, String> headers(NewsEvent e, Instant fallbackTime) {
    Map<String, String> h = new LinkedHashMap<>();
    h.put(ID, id(e));
    h.put(SOURCE_HEADER, SOURCE);
    h.put(TYPE_HEADER, TYPE);
    h.put(SPECVERSION_HEADER, SPEC_VERSION);
    h.put(TIME_HEADER, time(e, fallbackTime).toString());
    h.put(SUBJECT_HEADER, e.getUri());
    h.put(CONTENT_TYPE_HEADER, CONTENT_TYPE);
    return h;
  }

  /**
   * SHA-256 (hex) of what an agency can correct: headlines, bodies, byline, slugline, dateline
   * place, captions, and the urgency when there is one (digested only then, so the ids of events
   * without urgency are what they were).
   */
  static String contentDigest(NewsEvent e) {
    MessageDigest md = sha256();
    for (Headline h : e.getHeadlines()) {
      field(md, h.getValue());
    }
    for (Body b : e.getBodies()) {
      field(md, b.getValue());
    }
    field(md, e.getBy());
    field(md, e.getSlugline());
    field(md, e.getLocated());
    for (Caption c : e.getCaptions()) {
      field(md, c.getText());
      field(md, c.getCredit());
    }
    if (e.getUrgency() != null) {
      field(md, "urgency=" + e.getUrgency());
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static void field(MessageDigest md, CharSequence s) {
    byte[] b = s == null ? new byte[0] : s.toString().getBytes(StandardCharsets.UTF_8);
    md.update(ByteBuffer.allocate(5).put((byte) (s == null ? 0 : 1)).putInt(b.length).array());
    md.update(b);
  }

  /** RFC 4122 name-based UUID, version 5 (SHA-1). */
  static UUID uuid5(UUID namespace, String name) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    md.update(
        ByteBuffer.allocate(16)
            .putLong(namespace.getMostSignificantBits())
            .putLong(namespace.getLeastSignificantBits())
            .array());
    byte[] h = md.digest(name.getBytes(StandardCharsets.UTF_8));
    h[6] = (byte) ((h[6] & 0x0f) | 0x50);
    h[8] = (byte) ((h[8] & 0x3f) | 0x80);
    ByteBuffer bb = ByteBuffer.wrap(h, 0, 16);
    return new UUID(bb.getLong(), bb.getLong());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
