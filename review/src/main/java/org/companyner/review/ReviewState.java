package org.companyner.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.companyner.text.CodePoints;
import org.companyner.text.Document;
import org.companyner.text.Entity;

/**
 * The reviewer's decisions on a queue, as a replay of the decision log: every queued sentence starts from its
 * label spans; each decision changes its current spans and raises its revision by one. Checks every decision
 * against the queue before it changes anything ({@link #check}), so the log holds only decisions that applied.
 * Not thread-safe: {@link ReviewSession} serialises access.
 */
public final class ReviewState {
    private final QueueFile.Queue queue;
    private final Map<String, QueueItem> byId = new LinkedHashMap<>();
    private final Map<String, Item> state = new HashMap<>();
    private final Map<String, Long> lastSeq = new HashMap<>();
    private final List<QueueItem> order;
    private int reviewed;

    /** One applied decision on one sentence: the spans it set, and whether the reviewer made it there. */
    private record Op(Action action, List<Entity> before, boolean own) {
    }

    private static final class Item {
        final List<Op> ops = new ArrayList<>();
        List<Entity> spans;
        int revision;
        int own;
    }

    public ReviewState(QueueFile.Queue queue) {
        this.queue = queue;
        this.order = queue.queued();
        for (QueueItem q : queue.items()) {
            byId.put(q.id(), q);
        }
    }

    public QueueFile.Queue queue() {
        return queue;
    }

    /** Queued sentences in rank order. */
    public List<QueueItem> order() {
        return order;
    }

    /** Queued sentences with at least one decision made on them by the reviewer. */
    public int reviewed() {
        return reviewed;
    }

    /** The queued sentence {@code id}; a 404 when there is none. */
    public QueueItem item(String id) {
        QueueItem q = id == null ? null : byId.get(id);
        if (q == null || !q.queued()) {
            throw new ReviewException(404, "sentence '" + id + "' is not in the review queue");
        }
        return q;
    }

    public int revision(String id) {
        Item s = state.get(id);
        return s == null ? 0 : s.revision;
    }

    public boolean isReviewed(String id) {
        Item s = state.get(id);
        return s != null && s.own > 0;
    }

    /** Whether any decision (own or propagated) stands on the sentence. */
    public boolean isDecided(String id) {
        Item s = state.get(id);
        return s != null && !s.ops.isEmpty();
    }

    /** The current spans of {@code id}: its labels until a decision changes them. */
    public List<Entity> spans(String id) {
        Item s = state.get(id);
        return s == null || s.ops.isEmpty() ? gold(byId.get(id).labels()) : s.spans;
    }

    /** Whether {@code (client, clientSeq)} was applied before (a retry). */
    public boolean seen(String client, long clientSeq) {
        Long last = lastSeq.get(client);
        return last != null && clientSeq <= last;
    }

    /**
     * Checks {@code d} against the queue and the current state without changing anything.
     *
     * @throws ReviewException 404 for a sentence not in the queue, 409 for a decision made on an older revision, 400
     *     for a span outside the text, a span to reject that is not there, or nothing to undo
     */
    public void check(Decision d) {
        QueueItem q = item(d.item());
        if (d.revision() != revision(d.item())) {
            throw new ReviewException(409, "sentence '" + d.item() + "' changed since this page loaded it (revision "
                    + revision(d.item()) + ", the decision was made on " + d.revision() + "); reload it and decide again");
        }
        int length = CodePoints.length(q.text());
        if (d.action().needsSpan() || d.action() == Action.PROPAGATE) {
            if (d.start() < 0 || d.end() <= d.start() || d.end() > length) {
                throw new ReviewException(400, "span [" + d.start() + ", " + d.end() + ") is outside sentence '" + d.item()
                        + "' (" + length + " code points)");
            }
        }
        switch (d.action()) {
            case REJECT_SPAN -> {
                if (spans(d.item()).stream().noneMatch(e -> e.start() == d.start() && e.end() == d.end())) {
                    throw new ReviewException(400, "sentence '" + d.item() + "' has no span [" + d.start() + ", " + d.end()
                            + ") to reject");
                }
            }
            case UNDO -> {
                Item s = state.get(d.item());
                if (s == null || s.ops.isEmpty()) {
                    throw new ReviewException(400, "nothing to undo on sentence '" + d.item() + "'");
                }
            }
            case PROPAGATE -> {
                if (!"add".equals(d.mode()) && !"reject".equals(d.mode())) {
                    throw new ReviewException(400, "propagate needs mode 'add' or 'reject', got '" + d.mode() + "'");
                }
                for (Decision.Target t : d.targets()) {
                    item(t.item());
                    if (t.revision() != revision(t.item())) {
                        throw new ReviewException(409, "sentence '" + t.item() + "' changed while propagating; try again");
                    }
                }
            }
            default -> {
            }
        }
    }

    /** Checks and applies {@code d}. */
    public void apply(Decision d) {
        check(d);
        QueueItem q = byId.get(d.item());
        if (d.action() == Action.PROPAGATE) {
            String surface = CodePoints.substring(q.text(), d.start(), d.end());
            for (Decision.Target t : d.targets()) {
                QueueItem target = byId.get(t.item());
                List<Entity> next = propagated(target, spans(t.item()), surface, d.mode());
                push(t.item(), Action.PROPAGATE, next, false);
            }
        } else if (d.action() == Action.UNDO) {
            Item s = state.get(d.item());
            Op last = s.ops.remove(s.ops.size() - 1);
            s.spans = last.before();
            if (last.own() && --s.own == 0) {
                reviewed--;
            }
            s.revision++;
        } else {
            List<Entity> current = spans(d.item());
            List<Entity> next = switch (d.action()) {
                case ACCEPT_LABEL -> gold(q.labels());
                case ACCEPT_MODEL -> gold(q.model());
                case REJECT_SPAN -> current.stream().filter(e -> !(e.start() == d.start() && e.end() == d.end())).toList();
                case ADD_SPAN -> add(q.text(), current, d.start(), d.end());
                default -> current;
            };
            push(d.item(), d.action(), next, true);
        }
        if (d.client() != null) {
            lastSeq.merge(d.client(), d.clientSeq(), Math::max);
        }
    }

    /**
     * The sentences other than {@code from} where deciding {@code surface} ({@code add}: it is a company wherever it
     * occurs; {@code reject}: spans with that text are not) would change the current spans, with their revisions.
     */
    public List<Decision.Target> targets(String from, String surface, String mode) {
        List<Decision.Target> out = new ArrayList<>();
        for (QueueItem q : order) {
            if (q.id().equals(from) || !q.text().contains(surface)) {
                continue;
            }
            List<Entity> current = spans(q.id());
            if (!propagated(q, current, surface, mode).equals(current)) {
                out.add(new Decision.Target(q.id(), revision(q.id())));
            }
        }
        return out;
    }

    /** Every sentence of the queue in data order with the decisions applied (see {@link Export}). */
    public List<Document> corrected(boolean decidedOnly) {
        List<QueueItem> items = new ArrayList<>(queue.items());
        if (items.stream().allMatch(q -> q.id().matches("\\d{1,9}"))) {
            items.sort(Comparator.comparingInt(q -> Integer.parseInt(q.id())));
        }
        List<Document> out = new ArrayList<>();
        for (QueueItem q : items) {
            boolean decided = q.queued() && isDecided(q.id());
            if (decidedOnly && !decided) {
                continue;
            }
            if (!decided) {
                out.add(new Document(q.text(), q.labels(), q.unknown(), null));
            } else {
                // a reviewed sentence is decided whole; a sentence changed only by propagation keeps its unknown ranges
                out.add(new Document(q.text(), spans(q.id()), isReviewed(q.id()) ? List.of() : q.unknown(), null));
            }
        }
        return out;
    }

    private void push(String id, Action action, List<Entity> next, boolean own) {
        Item s = state.computeIfAbsent(id, k -> new Item());
        List<Entity> before = s.ops.isEmpty() ? gold(byId.get(id).labels()) : s.spans;
        s.ops.add(new Op(action, before, own));
        s.spans = List.copyOf(next);
        if (own && s.own++ == 0) {
            reviewed++;
        }
        s.revision++;
    }

    private static List<Entity> propagated(QueueItem q, List<Entity> current, String surface, String mode) {
        if ("reject".equals(mode)) {
            return current.stream().filter(e -> !e.text().equals(surface)).toList();
        }
        List<Entity> next = current;
        int from = 0;
        for (int at; (at = q.text().indexOf(surface, from)) >= 0; from = at + surface.length()) {
            int start = q.text().codePointCount(0, at);
            int end = start + surface.codePointCount(0, surface.length());
            int s = start, e = end;
            if (next.stream().noneMatch(x -> x.start() == s && x.end() == e)) {
                next = add(q.text(), next, start, end);
            }
        }
        return next;
    }

    /** {@code current} with {@code [start, end)} added and the spans overlapping it removed, sorted. */
    static List<Entity> add(String text, List<Entity> current, int start, int end) {
        List<Entity> next = new ArrayList<>();
        for (Entity e : current) {
            if (e.end() <= start || e.start() >= end) {
                next.add(e);
            }
        }
        next.add(Entity.of(text, start, end, Entity.COMPANY, 1.0));
        next.sort(Comparator.comparingInt(Entity::start));
        return List.copyOf(next);
    }

    /** The spans as a reviewer's decision: type COMPANY, score 1.0. */
    private static List<Entity> gold(List<Entity> spans) {
        return spans.stream().map(e -> new Entity(e.start(), e.end(), e.text(), Entity.COMPANY, 1.0)).toList();
    }
}
