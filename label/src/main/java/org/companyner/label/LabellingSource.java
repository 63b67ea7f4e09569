package org.companyner.label;

import java.util.List;
import org.companyner.text.Entity;

/**
 * One weak labeller for weak supervision (Ratner et al. 2017, "Snorkel: Rapid Training Data Creation
 * with Weak Supervision"): texts in, company spans out, each with the source's confidence in
 * {@link Entity#score()}. Sources abstain by returning no span; they never say "not a company".
 *
 * <p>Contract: one list per text, in order; spans are {@link Entity#COMPANY}, in code points of the
 * caller's original text (matching runs on {@link org.companyner.text.Normalizer normalised} text,
 * which never moves an offset), sorted by start and non-overlapping. What the confidence means is
 * documented on each source; it is a prior in [0, 1], not a calibrated probability unless stated.
 */
public interface LabellingSource {
    /** Short stable name used on the command line and in reports, e.g. {@code gazetteer-trusted}. */
    String name();

    /** The spans this source finds in each text (an empty list where it abstains). */
    List<List<Entity>> label(List<String> texts);
}
