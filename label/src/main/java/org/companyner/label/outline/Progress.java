package org.companyner.label.outline;

/** Where {@link Outline#build} reports how far it is (a progress bar in the command line, nothing in tests). */
public interface Progress {
    /** Nothing reported. */
    Progress NONE = new Progress() {
        @Override
        public void start(long total) {
        }

        @Override
        public void advance(long sentences) {
        }
    };

    /** Labelling begins; {@code total} sentences will be labelled. */
    void start(long total);

    /** {@code sentences} more sentences are labelled and written. */
    void advance(long sentences);
}
