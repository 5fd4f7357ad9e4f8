package io.newswire.enrich.core.time;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Which time zone each agency's zone-less times are read in: data, not code. Loaded from {@value
 * #DEFAULT_RESOURCE} and overridable with a spec such as {@code
 * vov=Asia/Ho_Chi_Minh,afp=Europe/Paris,*=UTC} (the service reads it from {@code
 * ENRICH_AGENCY_ZONES}; {@code *} sets the default zone). An agency not listed is read in the
 * default zone, UTC unless configured otherwise. Agency codes are matched case-insensitively.
 * Immutable.
 */
public final class AgencyZones {

  /** Classpath location of the agency → zone table. */
  public static final String DEFAULT_RESOURCE = "agencies.json";

  private final Map<String, ZoneId> zones;
  private final ZoneId defaultZone;

  /**
   * @param zones agency code → zone
   * @param defaultZone zone of agencies not in {@code zones}
   */
  public AgencyZones(Map<String, ZoneId> zones, ZoneId defaultZone) {
    Map<String, ZoneId> copy = new LinkedHashMap<>();
    zones.forEach((agency, zone) -> copy.put(key(agency), zone));
    this.zones = Map.copyOf(copy);
    this.defaultZone = defaultZone == null ? ZoneOffset.UTC : defaultZone;
  }

  /** The table shipped in {@value #DEFAULT_RESOURCE}. */
  public static AgencyZones load() {
    return load(DEFAULT_RESOURCE);
  }

  /**
   * Loads a table from the classpath: {@code {"defaultZone": "UTC", "agencies": {"vov":
   * "Asia/Ho_Chi_Minh"}}}.
   */
  public static AgencyZones load(String resource) {
    InputStream in = AgencyZones.class.getClassLoader().getResourceAsStream(resource);
    if (in == null) {
      throw new IllegalStateException("resource not found: " + resource);
    }
    try (in) {
      JsonNode root = new ObjectMapper().readTree(in);
      Map<String, ZoneId> zones = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = root.path("agencies").fields();
          it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        zones.put(e.getKey(), zone(e.getValue().asText(), resource + " agency " + e.getKey()));
      }
      String def = root.path("defaultZone").asText("UTC");
      return new AgencyZones(zones, zone(def, resource + " defaultZone"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
  }

  /**
   * This table with a spec's entries added or replacing its own.
   *
   * @param spec {@code agency=Zone} pairs separated by commas ({@code *=Zone} sets the default);
   *     null or blank changes nothing
   * @return the new table
   * @throws IllegalArgumentException when a pair is malformed or a zone id is unknown, naming it
   */
  public AgencyZones withOverrides(String spec) {
    if (spec == null || spec.isBlank()) {
      return this;
    }
    Map<String, ZoneId> merged = new LinkedHashMap<>(zones);
    ZoneId def = defaultZone;
    for (String pair : spec.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalArgumentException(
            "agency zone override '"
                + pair.strip()
                + "' is not agency=Zone (e.g. vov=Asia/Ho_Chi_Minh)");
      }
      String agency = pair.substring(0, eq).strip();
      ZoneId zone = zone(pair.substring(eq + 1).strip(), "agency zone override for " + agency);
      if (agency.equals("*")) {
        def = zone;
      } else {
        merged.put(key(agency), zone);
      }
    }
    return new AgencyZones(merged, def);
  }

  /**
   * The zone an agency's zone-less times are read in; the default zone for an unknown or null
   * agency.
   */
  public ZoneId zoneOf(String agency) {
    return agency == null ? defaultZone : zones.getOrDefault(key(agency), defaultZone);
  }

  /** The zone of agencies that are not listed. */
  public ZoneId defaultZone() {
    return defaultZone;
  }

  /** The listed agencies and their zones. */
  public Map<String, ZoneId> zones() {
    return zones;
  }

  private static String key(String agency) {
    return agency.strip().toLowerCase(Locale.ROOT);
  }

  private static ZoneId zone(String id, String where) {
    try {
      return ZoneId.of(id);
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          where + ": '" + id + "' is not a time zone id (e.g. Asia/Ho_Chi_Minh)", e);
    }
  }
}
