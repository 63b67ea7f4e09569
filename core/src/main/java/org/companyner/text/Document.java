package org.companyner.text;

import java.util.List;

/** An article or sentence with its company mentions, sorted by start offset. */
public record Document(String text, List<Entity> entities) {
    public Document {
        entities = List.copyOf(entities);
    }

    public Document(String text) {
        this(text, List.of());
    }
}
