package org.companyner.label;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.companyner.UserError;

/**
 * Readers of the financial data sets that give entity STRINGS per text (no positions), TRAIN splits
 * only; each returns text → its entity strings, in file order. Formats as in each folder's README.txt.
 */
public final class DatasetStrings {
    private DatasetStrings() {
    }

    /**
     * CCKS 2019 event subjects, {@code ccks2019_fin_event_subject/train.csv}: {@code id, text,
     * event_type, subject} ({@code NaN} when the type is 其他); one subject per row, rows repeat texts.
     */
    public static Map<String, Set<String>> ccks2019(Path dir) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        for (List<String> row : Csv.parse(read(dir.resolve("train.csv")))) {
            if (row.size() >= 4 && !row.get(3).isBlank() && !row.get(3).equals("NaN")) {
                add(out, row.get(1), List.of(row.get(3)));
            }
        }
        return out;
    }

    /**
     * CCF BDCI 2019 new financial entities, {@code ccf_bdci2019_fin_new_entity/Train_Data.csv}: header
     * {@code id,text,unknownEntities}, entities ';'-separated (well-known ones deliberately left out).
     */
    public static Map<String, Set<String>> bdci2019(Path dir) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        List<List<String>> rows = Csv.parse(read(dir.resolve("Train_Data.csv")));
        for (List<String> row : rows.subList(Math.min(1, rows.size()), rows.size())) {
            if (row.size() >= 3) {
                add(out, row.get(1), List.of(row.get(2).split(";")));
            }
        }
        return out;
    }

    /**
     * FinCUGE train lists: {@code finnsp/train_list.json} rows {@code [id, title, text, entities,
     * negative, key_entities]} (row 0 is a header; entities ';'-separated, for title and text) and
     * {@code finre/train_list.json} rows {@code [head, tail, relation, sentence]}.
     */
    public static Map<String, Set<String>> fincuge(Path dir) {
        Map<String, Set<String>> out = new LinkedHashMap<>();
        JsonNode nsp = json(dir.resolve("finnsp").resolve("train_list.json"));
        for (int i = 1; i < nsp.size(); i++) {
            JsonNode row = nsp.get(i);
            List<String> entities = List.of(row.get(3).asText().split(";"));
            add(out, row.get(1).asText(), entities);
            add(out, row.get(2).asText(), entities);
        }
        for (JsonNode row : json(dir.resolve("finre").resolve("train_list.json"))) {
            add(out, row.get(3).asText(), List.of(row.get(0).asText(), row.get(1).asText()));
        }
        return out;
    }

    private static void add(Map<String, Set<String>> out, String text, List<String> strings) {
        if (text.isBlank()) {
            return;
        }
        Set<String> set = out.computeIfAbsent(text, t -> new LinkedHashSet<>());
        for (String s : strings) {
            if (!s.isBlank()) {
                set.add(s.strip());
            }
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static JsonNode json(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new UserError("cannot read " + file + ": " + e.getMessage());
        }
    }
}
