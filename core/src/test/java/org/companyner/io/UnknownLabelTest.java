package org.companyner.io;

import org.companyner.UserError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UnknownLabelTest {
    @Test
    void aLabelThatNeverOccursIsAnErrorListingTheFilesLabels(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("data.json");
        Files.writeString(f, "{\"text\": \"蓝海集团在北京\", \"label\": {\"company\": {\"蓝海集团\": [[0, 3]]}, \"address\": {\"北京\": [[5, 6]]}}}\n",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> DataReader.read(f, Format.CLUENER, LabelMap.parse("compnay")))
                .isInstanceOf(UserError.class).hasMessageContaining("compnay").hasMessageContaining("address, company");
        assertThat(DataReader.read(f, Format.CLUENER, LabelMap.parse("company")).get(0).entities()).hasSize(1);
    }

    @Test
    void unlabelledDataAndOurOwnJsonlNeedNoMatchingLabel(@TempDir Path dir) throws IOException {
        Path plain = dir.resolve("plain.json");
        Files.writeString(plain, "{\"text\": \"蓝海集团\"}\n", StandardCharsets.UTF_8);
        assertThat(DataReader.read(plain, Format.CLUENER, LabelMap.parse("company"))).hasSize(1);
        Path ours = dir.resolve("ours.jsonl");
        Files.writeString(ours, "{\"text\": \"蓝海集团\", \"entities\": [{\"start\": 0, \"end\": 4, \"text\": \"蓝海集团\", \"type\": \"COMPANY\"}]}\n",
                StandardCharsets.UTF_8);
        assertThat(DataReader.read(ours, Format.JSONL, LabelMap.parse("Corporate")).get(0).entities()).hasSize(1);
    }
}
