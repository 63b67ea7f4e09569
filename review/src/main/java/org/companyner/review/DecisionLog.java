package org.companyner.review;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.companyner.UserError;

/**
 * The append-only decision log next to a queue ({@code QUEUE.decisions.jsonl}): one JSON line per decision, written
 * and forced to disk before the reviewer is answered. The state is a replay of it ({@link #replay}), so a restart
 * resumes where the reviewer stopped and a crash loses at most a decision that was never acknowledged.
 */
public final class DecisionLog implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private DecisionLog(Path file, FileChannel channel, FileChannel lockChannel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * The lock file of {@code queue}'s log. A separate file because POSIX record locks belong to the process and
     * closing any descriptor of the locked file drops them: replaying the log (which opens and closes it) would
     * otherwise free the lock while the server runs.
     */
    static Path lockFile(Path queue) {
        return queue.resolveSibling(queue.getFileName() + ".decisions.lock");
    }

    /** Where the log of {@code queue} lives. */
    public static Path of(Path queue) {
        return queue.resolveSibling(queue.getFileName() + ".decisions.jsonl");
    }

    /**
     * Replays the log of {@code queue} (if any) into a fresh state without writing: for {@code review export}.
     * A last line cut short by a crash (no line end) was never acknowledged and is ignored.
     *
     * @throws UserError naming the file and line for a malformed line or one that does not fit the queue
     */
    public static ReviewState replay(QueueFile.Queue queue) {
        ReviewState state = new ReviewState(queue);
        Path log = of(queue.file());
        if (!Files.exists(log)) {
            return state;
        }
        String content;
        try {
            content = Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("cannot read " + log + ": " + e.getMessage(), e);
        }
        int n = 0;
        int from = 0;
        for (int nl; (nl = content.indexOf('\n', from)) >= 0; from = nl + 1) {
            n++;
            String line = content.substring(from, nl);
            Decision d = parse(log, n, line);
            try {
                state.apply(d);
            } catch (ReviewException e) {
                throw new UserError(log + ":" + n + ": decision does not fit queue " + queue.file() + ": " + e.getMessage());
            }
        }
        return state;
    }

    /**
     * Opens the log of {@code queue} for appending, holding a lock on it so that a second {@code review serve} on the
     * same queue is refused; a last line cut short by a crash is cut off.
     *
     * @throws UserError if another process serves the queue or the log cannot be opened
     */
    public static DecisionLog open(QueueFile.Queue queue) {
        Path log = of(queue.file());
        FileChannel channel = null;
        FileChannel lockChannel = null;
        try {
            lockChannel = FileChannel.open(lockFile(queue.file()), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new UserError("queue " + queue.file() + " is already open for review (another 'review serve' holds "
                        + lockFile(queue.file()) + "); open that page instead, or stop it first");
            }
            channel = FileChannel.open(log, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            long size = channel.size();
            long keep = size;
            if (size > 0) {
                ByteBuffer b = ByteBuffer.allocate(1);
                while (keep > 0) {
                    b.clear();
                    channel.read(b, keep - 1);
                    if (b.get(0) == '\n') {
                        break;
                    }
                    keep--;
                }
                if (keep < size) {
                    System.err.println("warning: " + log + " ends with an unfinished line (" + (size - keep)
                            + " bytes, never acknowledged); cut off");
                    channel.truncate(keep);
                    channel.force(true);
                }
            }
            channel.position(channel.size());
            return new DecisionLog(log, channel, lockChannel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            closeQuietly(lockChannel);
            throw new UserError("cannot open " + log + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /** Appends {@code d} as one line and forces it to disk. */
    public void append(Decision d) throws IOException {
        byte[] line = (QueueFile.MAPPER.writeValueAsString(json(d)) + "\n").getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.wrap(line);
        while (b.hasRemaining()) {
            channel.write(b);
        }
        channel.force(false);
    }

    public Path file() {
        return file;
    }

    @Override
    public void close() {
        closeQuietly(channel);
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(lockChannel);
    }

    static ObjectNode json(Decision d) {
        ObjectNode node = QueueFile.MAPPER.createObjectNode().put("item", d.item()).put("action", d.action().id());
        if (d.start() >= 0) {
            node.put("start", d.start()).put("end", d.end());
        }
        node.put("revision", d.revision());
        if (d.mode() != null) {
            node.put("mode", d.mode());
            ArrayNode t = node.putArray("targets");
            d.targets().forEach(x -> t.addObject().put("item", x.item()).put("revision", x.revision()));
        }
        if (d.client() != null) {
            node.put("client", d.client()).put("clientSeq", d.clientSeq());
        }
        node.put("time", Instant.now().toString());
        return node;
    }

    static Decision parse(Path log, int n, String line) {
        String where = log + ":" + n + ": ";
        try {
            JsonNode node = QueueFile.MAPPER.readTree(line);
            if (node == null || !node.isObject() || !node.path("item").isTextual() || !node.path("action").isTextual()) {
                throw new UserError(where + "not a decision (needs \"item\" and \"action\")");
            }
            Action action;
            try {
                action = Action.parse(node.get("action").asText());
            } catch (IllegalArgumentException e) {
                throw new UserError(where + e.getMessage());
            }
            List<Decision.Target> targets = new ArrayList<>();
            for (JsonNode t : node.path("targets")) {
                targets.add(new Decision.Target(t.path("item").asText(), t.path("revision").asInt()));
            }
            return new Decision(node.get("item").asText(), action, node.path("start").asInt(-1), node.path("end").asInt(-1),
                    node.path("revision").asInt(), node.hasNonNull("client") ? node.get("client").asText() : null,
                    node.path("clientSeq").asLong(), node.hasNonNull("mode") ? node.get("mode").asText() : null, targets);
        } catch (JacksonException e) {
            throw new UserError(where + "malformed JSON: " + e.getOriginalMessage());
        }
    }

    private static void closeQuietly(FileChannel c) {
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // nothing left to do
            }
        }
    }
}
