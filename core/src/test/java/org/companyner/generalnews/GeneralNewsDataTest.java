package org.companyner.generalnews;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The shipped table against the real test files; skipped where the shared data folder is absent. */
class GeneralNewsDataTest {
    private static final Path DATA = Path.of("..", "..", "shared", "data");

    @Test
    void shippedTableMatchesTheSharedTestFiles() {
        assumeTrue(Files.isDirectory(DATA.resolve("msra_ner")) && Files.isDirectory(DATA.resolve("people_daily1998_ner")),
                "shared data folder not present");
        GeneralNews set = GeneralNews.read(DATA);
        assertThat(set.documents()).hasSize(3442 + 4636);
        assertThat(set.orgMentions()).isEqualTo(1331 + 2185);
        assertThat(set.companies()).isBetween(300, 500);
        assertThat(set.brandStyle()).isPositive().isLessThan(set.companies());
    }
}
