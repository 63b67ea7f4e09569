package org.companyner.train;

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
}
