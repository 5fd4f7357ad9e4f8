package io.newswire.enrich.core.text;

/**
 * A dateline removed from the start of a story, e.g. {@code HANOI, Nov. 27 (VNA) -}.
 *
 * @param place place as written, e.g. {@code "HANOI"} or {@code "DES MOINES, IA"}
 * @param date date as written, e.g. {@code "Nov. 27"}, or null
 * @param credit agency credit inside the parentheses, e.g. {@code "VNA"}, or null
 * @param raw the exact dateline text that was removed, including the dash
 */
public record Dateline(String place, String date, String credit, String raw) {}
