package org.companyner.train.loop;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** PNG of a training log's metrics (dev F1, losses) against steps: the one curve renderer of every run. */
public final class LearningCurve {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LearningCurve() {
    }

    /**
     * Plots the named numeric fields of a JSON-lines log against its {@code step} field; a field that exceeds 1
     * (a loss beside F1 scores) is divided by its maximum, which its legend names.
     */
    public static void plot(Path log, Path png, String title, List<String> keys) throws IOException {
        if (!Files.exists(log)) {
            return;
        }
        List<JsonNode> rows = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                rows.add(JSON.readTree(line));
            }
        }
        XYChart chart = new XYChartBuilder().width(800).height(450).title(title)
                .xAxisTitle("step").yAxisTitle("value").build();
        chart.getStyler().setMarkerSize(3);
        for (String key : keys) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (JsonNode row : rows) {
                if (row.hasNonNull(key)) {
                    x.add(row.get("step").asDouble());
                    y.add(row.get(key).asDouble());
                }
            }
            double max = y.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            if (max > 1) {
                y = y.stream().map(v -> v / max).toList();
            }
            if (!x.isEmpty()) {
                chart.addSeries(max > 1 ? String.format("%s / %.1f", key, max) : key, x, y).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            }
        }
        if (!chart.getSeriesMap().isEmpty()) {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
