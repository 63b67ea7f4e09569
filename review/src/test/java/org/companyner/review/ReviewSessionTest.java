package org.companyner.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import org.companyner.UserError;
import org.companyner.io.Format;
import org.companyner.text.Entity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReviewSessionTest {
    @TempDir
    Path dir;

    private static List<int[]> spans(List<Entity> entities) {
        return entities.stream().map(e -> new int[] {e.start(), e.end()}).toList();
    }

    private static List<int[]> spansOf(ReviewSession s, String id) {
        return s.read(st -> spans(st.spans(id)));
    }

    private static List<Decision.Target> targetsOf(ReviewSession s) {
        return s.read(st -> st.targets("0", "华星科技", "add"));
    }

    @Test
    void queuesOnlyDisputedSentencesRankedByDisagreementTimesFrequency() {
        QueueFile.Queue q = Fixtures.queue(dir);
        assertThat(q.items()).hasSize(5);
        List<QueueItem> queued = q.queued();
        assertThat(queued).extracting(QueueItem::id).containsExactlyInAnyOrder("0", "1", "3", "4");
        assertThat(queued).extracting(QueueItem::rank).containsExactly(1, 2, 3, 4);
        assertThat(queued).isSortedAccordingTo((a, b) -> Double.compare(b.score(), a.score()));
        // sentence 3: the label span 银行宣布 the model gives ~0 (weight ~1) and the model's 蓝海银行 (0.95) outrank
        // sentence 1's single model-only span of confidence 0.8
        QueueItem s3 = q.items().stream().filter(i -> i.id().equals("3")).findFirst().orElseThrow();
        assertThat(s3.disputes()).extracting(Dispute::side).containsExactly(Dispute.MODEL, Dispute.LABEL);
        assertThat(s3.disputes().get(1).weight()).isGreaterThan(0.9);
        // 华星科技 is a span in two sentences (0 and 4): its dispute is boosted by 1 + ln 2
        QueueItem s4 = q.items().stream().filter(i -> i.id().equals("4")).findFirst().orElseThrow();
        assertThat(s4.score()).isCloseTo(0.6 * (1 + Math.log(2)), org.assertj.core.data.Offset.offset(1e-3));
        assertThat(q.items().get(4).queued()).isFalse();
        // offsets are code points: the emoji counts one
        QueueItem s0 = q.items().stream().filter(i -> i.id().equals("0")).findFirst().orElseThrow();
        assertThat(s0.disputes().get(0).text()).isEqualTo("华星科技");
        assertThat(s0.disputes().get(0).start()).isEqualTo(10);
    }

    @Test
    void agreedSentencesWhereTheModelIsUnsureCanBeQueuedAfterTheDisputedOnes() {
        List<QueueItem> items = Ranking.rank(Fixtures.labels(), Fixtures.model(), 3);
        // one agreed sentence (2): each of its 12 positions has max marginal .95, so its uncertainty is 12 x .05
        assertThat(items.stream().filter(QueueItem::queued)).extracting(QueueItem::id).containsExactly("3", "0", "4", "1", "2");
        assertThat(items.get(4).score()).isCloseTo(12 * 0.05, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(items.get(4).disputes()).isEmpty();
        assertThat(Ranking.rank(Fixtures.labels(), Fixtures.model(), 0).stream().filter(QueueItem::queued)).hasSize(4);
    }

    @Test
    void decisionsAreLoggedOnceAndARestartResumesThem() throws Exception {
        QueueFile.Queue q = Fixtures.queue(dir);
        try (ReviewSession s = ReviewSession.open(q)) {
            s.decide(Decision.of("3", Action.ACCEPT_MODEL, -1, -1, 0, "tab", 1));
            s.decide(Decision.of("1", Action.REJECT_SPAN, 0, 4, 0, "tab", 2));
            s.decide(Decision.of("1", Action.ADD_SPAN, 5, 9, 1, "tab", 3));
            // a retried request (same client and sequence) is recognised: nothing applied or written twice
            assertThat(s.decide(Decision.of("1", Action.ADD_SPAN, 5, 9, 1, "tab", 3)).duplicate()).isTrue();
        }
        assertThat(Files.readAllLines(DecisionLog.of(q.file()))).hasSize(3);
        try (ReviewSession s = ReviewSession.open(QueueFile.read(q.file()))) {
            assertThat(s.read(st -> Integer.valueOf(st.reviewed())).intValue()).isEqualTo(2);
            assertThat(spansOf(s, "1")).containsExactly(new int[] {5, 9});
            assertThat(spansOf(s, "3")).containsExactly(new int[] {0, 4});
            assertThat(s.read(st -> Integer.valueOf(st.revision("1"))).intValue()).isEqualTo(2);
            s.decide(Decision.of("1", Action.UNDO, -1, -1, 2, "tab2", 1));
            assertThat(spansOf(s, "1")).isEmpty();
        }
        assertThat(DecisionLog.replay(QueueFile.read(q.file())).revision("1")).isEqualTo(3);
    }

    @Test
    void badDecisionsAreRefusedAndNothingIsWritten() throws Exception {
        QueueFile.Queue q = Fixtures.queue(dir);
        try (ReviewSession s = ReviewSession.open(q)) {
            assertThatThrownBy(() -> s.decide(Decision.of("2", Action.ACCEPT_LABEL, -1, -1, 0, "t", 1)))
                    .isInstanceOf(ReviewException.class).hasMessageContaining("not in the review queue")
                    .extracting(e -> ((ReviewException) e).status()).isEqualTo(404);
            assertThatThrownBy(() -> s.decide(Decision.of("99", Action.ACCEPT_LABEL, -1, -1, 0, "t", 2)))
                    .extracting(e -> ((ReviewException) e).status()).isEqualTo(404);
            assertThatThrownBy(() -> s.decide(Decision.of("1", Action.ADD_SPAN, 10, 40, 0, "t", 3)))
                    .hasMessageContaining("outside").extracting(e -> ((ReviewException) e).status()).isEqualTo(400);
            assertThatThrownBy(() -> s.decide(Decision.of("1", Action.REJECT_SPAN, 5, 9, 0, "t", 4)))
                    .hasMessageContaining("no span").extracting(e -> ((ReviewException) e).status()).isEqualTo(400);
            assertThatThrownBy(() -> s.decide(Decision.of("1", Action.UNDO, -1, -1, 0, "t", 5)))
                    .hasMessageContaining("nothing to undo");
            // two tabs: the second decides on the revision it loaded, which the first has changed
            s.decide(Decision.of("4", Action.ACCEPT_MODEL, -1, -1, 0, "tabA", 1));
            assertThatThrownBy(() -> s.decide(Decision.of("4", Action.ACCEPT_LABEL, -1, -1, 0, "tabB", 1)))
                    .extracting(e -> ((ReviewException) e).status()).isEqualTo(409);
        }
        assertThat(Files.readAllLines(DecisionLog.of(q.file()))).hasSize(1);
    }

    @Test
    void aSecondServerOnTheSameQueueIsRefused() {
        QueueFile.Queue q = Fixtures.queue(dir);
        try (ReviewSession s = ReviewSession.open(q)) {
            assertThatThrownBy(() -> ReviewSession.open(q)).isInstanceOf(UserError.class)
                    .hasMessageContaining("already open for review");
        }
    }

    @Test
    void aSecondProcessCannotServeTheQueueEvenAfterTheLogIsReplayedInThisOne() throws Exception {
        QueueFile.Queue q = Fixtures.queue(dir);
        try (ReviewSession s = ReviewSession.open(q)) {
            s.decide(Decision.of("3", Action.ACCEPT_MODEL, -1, -1, 0, "tab", 1));
            DecisionLog.replay(q); // opens and closes the log: must not drop the lock (POSIX locks are per process)
            Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), LockProbe.class.getName(), q.file().toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isEqualTo(3);
            assertThat(out).contains("already open for review");
        }
    }

    @Test
    void aLineCutShortByACrashIsDroppedAndTheRestResumes() throws Exception {
        QueueFile.Queue q = Fixtures.queue(dir);
        try (ReviewSession s = ReviewSession.open(q)) {
            s.decide(Decision.of("3", Action.ACCEPT_MODEL, -1, -1, 0, "tab", 1));
        }
        Files.writeString(DecisionLog.of(q.file()), "{\"item\":\"1\",\"act", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        try (ReviewSession s = ReviewSession.open(q)) {
            assertThat(s.read(st -> Integer.valueOf(st.reviewed())).intValue()).isEqualTo(1);
            s.decide(Decision.of("1", Action.ACCEPT_LABEL, -1, -1, 0, "tab", 2));
        }
        assertThat(Files.readAllLines(DecisionLog.of(q.file()))).hasSize(2);
        assertThat(DecisionLog.replay(q).reviewed()).isEqualTo(2);
    }

    @Test
    void aFileThatIsNotAQueueOrALogThatDoesNotFitIsAOneLineError() throws Exception {
        Path notQueue = dir.resolve("data.jsonl");
        Files.writeString(notQueue, "{\"text\":\"云帆集团\",\"entities\":[]}\n");
        assertThatThrownBy(() -> QueueFile.read(notQueue)).isInstanceOf(UserError.class)
                .hasMessageContaining("is not a review queue");
        assertThatThrownBy(() -> QueueFile.read(dir.resolve("missing.jsonl"))).hasMessageContaining("no such queue file");
        QueueFile.Queue q = Fixtures.queue(dir);
        List<String> lines = Files.readAllLines(q.file());
        Files.write(q.file(), lines.subList(0, lines.size() - 1));
        assertThatThrownBy(() -> QueueFile.read(q.file())).hasMessageContaining("truncated or edited");
        Files.write(q.file(), lines);
        Files.writeString(DecisionLog.of(q.file()), "{\"item\":\"2\",\"action\":\"accept-label\",\"revision\":0}\n");
        assertThatThrownBy(() -> DecisionLog.replay(q)).isInstanceOf(UserError.class)
                .hasMessageContaining("decisions.jsonl:1").hasMessageContaining("not in the review queue");
    }

    @Test
    void propagationAppliesADecisionToTheOtherOccurrencesInOneLogLine() throws Exception {
        QueueFile.Queue q = Fixtures.queue(dir);
        try (ReviewSession s = ReviewSession.open(q)) {
            // 华星科技 is marked in sentence 0 at [10, 14); sentence 4 has it unlabelled
            s.decide(Decision.of("0", Action.ADD_SPAN, 10, 14, 0, "tab", 1));
            assertThat(targetsOf(s)).extracting(Decision.Target::item).containsExactly("4");
            ReviewSession.Outcome o = s.propagate("0", 10, 14, 1, "add", "tab", 2);
            assertThat(o.changed()).containsExactly("4");
            assertThat(spansOf(s, "4")).containsExactly(new int[] {0, 4});
            assertThat(s.read(st -> Boolean.valueOf(st.isReviewed("4"))).booleanValue()).isFalse();
        }
        assertThat(Files.readAllLines(DecisionLog.of(q.file()))).hasSize(2);
        Path out = dir.resolve("corrected.yedda");
        assertThat(ReviewLoop.export(q, out, Format.YEDDA, "company", false)).isEqualTo(5);
        List<String> yedda = Files.readAllLines(out);
        assertThat(yedda.get(0)).isEqualTo("😀[@华星科技#company*]发布公告，[@华星科技#company*]股价上涨。");
        assertThat(yedda.get(4)).isEqualTo("[@华星科技#company*]子公司完成融资。");
        assertThat(yedda.get(3)).isEqualTo("蓝海[@银行宣布#company*]新任行长。");
        assertThat(ReviewLoop.export(q, dir.resolve("only.jsonl"), Format.JSONL, "company", true)).isEqualTo(2);
    }
}
