package org.companyner.label.outline;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an outline run did: sentence counts from splitting, labelled and written sentences, mentions, the
 * share of unknown characters, per-source span counts and pairwise agreement, and the time taken.
 *
 * @param corpus              the corpus file (or the name given for in-memory lines)
 * @param sources             the sources, in voting order
 * @param options             the options of the run
 * @param split               what sentence splitting did
 * @param labelled            sentences labelled (after {@code limit})
 * @param written             sentences written (labelled, less those left wholly unknown)
 * @param allUnknown          sentences not written because every position came out unknown (they teach nothing)
 * @param characters          code points of the written sentences
 * @param mentions            mentions written
 * @param unknownCharacters   unknown code points written
 * @param withMention         written sentences with at least one mention
 * @param allO                written sentences with neither mention nor unknown position
 * @param perSource           per source: spans proposed, spans that became mentions exactly, seconds labelling
 * @param agreement           {@code agreement[a][b]}: share of source a's spans that source b proposes exactly
 * @param seconds             wall time of the whole run (reading, splitting, labelling, writing)
 */
public record OutlineSummary(String corpus, List<String> sources, OutlineOptions options, Sentences.Counts split,
                             long labelled, long written, long allUnknown, long characters, long mentions,
                             long unknownCharacters, long withMention, long allO, Map<String, SourceStats> perSource,
                             Map<String, Map<String, Double>> agreement, double seconds) {
    /** One source's contribution. */
    public record SourceStats(long spans, long accepted, double seconds) {
    }

    /** Unknown code points over all written code points. */
    public double unknownShare() {
        return characters == 0 ? 0 : (double) unknownCharacters / characters;
    }

    /** A table for people. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        var c = split;
        sb.append(String.format(Locale.ROOT, "corpus %s%n", corpus));
        sb.append(String.format(Locale.ROOT, "documents %,d  paragraphs %,d  sentences %,d (cut %,d, of which hard %,d; "
                + "too short %,d; exact repeats dropped %,d; kept %,d)%n", c.documents(), c.paragraphs(), c.sentences(),
                c.cuts(), c.hardCuts(), c.tooShort(), c.duplicates(), c.kept()));
        sb.append(String.format(Locale.ROOT, "labelled %,d  written %,d  wholly unknown (not written) %,d%n",
                labelled, written, allUnknown));
        sb.append(String.format(Locale.ROOT, "characters %,d  mentions %,d  sentences with a mention %,d  all-O %,d%n",
                characters, mentions, withMention, allO));
        sb.append(String.format(Locale.ROOT, "unknown characters %,d (%.1f %%)%n", unknownCharacters, 100 * unknownShare()));
        sb.append(String.format(Locale.ROOT, "%n%-18s %10s %10s %8s", "source", "spans", "accepted", "seconds"));
        for (String b : sources) {
            sb.append(String.format(Locale.ROOT, " %9s", abbreviate(b)));
        }
        sb.append(String.format(Locale.ROOT, "%n"));
        for (String a : sources) {
            SourceStats s = perSource.get(a);
            sb.append(String.format(Locale.ROOT, "%-18s %,10d %,10d %8.1f", a, s.spans(), s.accepted(), s.seconds()));
            for (String b : sources) {
                sb.append(String.format(Locale.ROOT, " %9.3f", agreement.get(a).get(b)));
            }
            sb.append(String.format(Locale.ROOT, "%n"));
        }
        sb.append(String.format(Locale.ROOT, "(columns: share of the row source's spans that the column source proposes exactly)%n"));
        sb.append(String.format(Locale.ROOT, "time %.1f s%n", seconds));
        return sb.toString();
    }

    private static String abbreviate(String name) {
        return name.length() <= 9 ? name : name.substring(0, 9);
    }
}
