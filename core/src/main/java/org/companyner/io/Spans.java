package org.companyner.io;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.companyner.text.CodePoints;
import org.companyner.text.Entity;

/** Building and ordering gold entities. */
final class Spans {
    private Spans() {
    }

    /**
     * The gold entity at code points {@code [start, end)} of {@code text}; {@code shown} is the span as
     * written in the file, {@code surface} (nullable) the mention text the file claims is there.
     */
    static Entity gold(String text, int length, int start, int end, String surface, double score, String shown, Where where) {
        boolean inside = start >= 0 && end > start && end <= length;
        String actual = inside ? CodePoints.substring(text, start, end) : null;
        if (!inside || (surface != null && !surface.equals(actual))) {
            boolean utf16 = surface != null && start >= 0 && start < end && end <= text.length() && text.substring(start, end).equals(surface);
            throw where.error((surface == null ? "entity" : "entity '" + surface + "'") + " at " + shown
                    + (inside ? " does not match the text there, '" + actual + "'" : " is outside the text (" + length + " characters)")
                    + (utf16 ? "; the offsets count UTF-16 units, they must count Unicode code points" : ""));
        }
        return new Entity(start, end, actual, Entity.COMPANY, score);
    }

    /**
     * Sorts by start (longer first on ties) and drops exact duplicates and any entity overlapping an
     * earlier one, so the result can be tagged character by character.
     */
    static List<Entity> normalize(List<Entity> entities) {
        List<Entity> sorted = new ArrayList<>(entities);
        sorted.sort(Comparator.comparingInt(Entity::start).thenComparing(Entity::end, Comparator.reverseOrder()));
        List<Entity> kept = new ArrayList<>(sorted.size());
        int end = 0;
        for (Entity e : sorted) {
            if (e.start() >= end) {
                kept.add(e);
                end = e.end();
            }
        }
        return kept;
    }

    /** Checks that {@code entities} are sorted, disjoint and inside a text of {@code length} code points. */
    static void checkTaggable(List<Entity> entities, int length) {
        int end = 0;
        for (Entity e : entities) {
            if (e.start() < end || e.end() > length) {
                throw new IllegalArgumentException("entities must be sorted, disjoint and inside the text: " + e);
            }
            end = e.end();
        }
    }
}
