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

/** PNG of dev F1 and training loss against steps, from a training log. */
public final class LearningCurve {
    private static final ObjectMapper JSON = new ObjectMapper();

    private LearningCurve() {
    }

    public static void write(Path log, Path png, String title) throws IOException {
        if (!Files.exists(log)) {
            return;
        }
        List<Double> steps = new ArrayList<>();
        List<Double> f1 = new ArrayList<>();
        List<Double> lossSteps = new ArrayList<>();
        List<Double> loss = new ArrayList<>();
        for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode row = JSON.readTree(line);
            steps.add(row.get("step").asDouble());
            f1.add(row.get("dev_f1").asDouble());
            if (row.hasNonNull("loss")) {
                lossSteps.add(row.get("step").asDouble());
                loss.add(row.get("loss").asDouble());
            }
        }
        if (steps.isEmpty()) {
            return;
        }
        XYChart chart = new XYChartBuilder().width(800).height(450).title(title + ": learning curve")
                .xAxisTitle("step").yAxisTitle("dev F1 / loss (scaled)").build();
        chart.getStyler().setMarkerSize(4);
        chart.addSeries("dev F1", steps, f1).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        if (!loss.isEmpty()) {
            double max = loss.stream().mapToDouble(Double::doubleValue).max().orElse(1);
            chart.addSeries("train loss / " + String.format("%.1f", max), lossSteps,
                    loss.stream().map(l -> l / max).toList());
        }
        BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
    }

    /** Plots the named numeric fields of a JSON-lines log against its {@code step} field. */
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
            if (!x.isEmpty()) {
                chart.addSeries(key, x, y).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
            }
        }
        if (!chart.getSeriesMap().isEmpty()) {
            BitmapEncoder.saveBitmap(chart, png.toString(), BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
