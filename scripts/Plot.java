import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Figures for docs/ (single-file program, XChart only):
 * a line chart from a TSV of {@code series<TAB>x<TAB>y} rows,
 * {@code java -cp XCHART_JAR scripts/Plot.java data.tsv out.png "title" "x label" "y label" [log]};
 * or a bar chart of chars/s from {@code bench --json} output,
 * {@code java -cp XCHART_JAR scripts/Plot.java bench.json out.png "title"}.
 */
public final class Plot {
    public static void main(String[] args) throws Exception {
        if (args[0].endsWith(".json")) {
            bars(args);
            return;
        }
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            series.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new double[]{Double.parseDouble(f[1]), Double.parseDouble(f[2])});
        }
        XYChart chart = new XYChartBuilder().width(800).height(450).title(args[2]).xAxisTitle(args[3]).yAxisTitle(args[4]).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setXAxisLogarithmic(args.length > 5 && args[5].equals("log"));
        for (var e : series.entrySet()) {
            chart.addSeries(e.getKey(), e.getValue().stream().mapToDouble(p -> p[0]).toArray(),
                    e.getValue().stream().mapToDouble(p -> p[1]).toArray()).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        BitmapEncoder.saveBitmap(chart, args[1], BitmapEncoder.BitmapFormat.PNG);
    }

    /** {@code bench --json}: one bar of chars/s per model (the JSON is flat enough for a regular expression). */
    private static void bars(String[] args) throws Exception {
        var m = java.util.regex.Pattern.compile("\"name\"\\s*:\\s*\"([^\"]*)\"\\s*,\\s*\"chars_per_second\"\\s*:\\s*(\\d+)")
                .matcher(Files.readString(Path.of(args[0])));
        List<String> names = new ArrayList<>();
        List<Number> rates = new ArrayList<>();
        while (m.find()) {
            names.add(m.group(1));
            rates.add(Long.parseLong(m.group(2)));
        }
        var chart = new org.knowm.xchart.CategoryChartBuilder().width(900).height(500).title(args[2])
                .xAxisTitle("model").yAxisTitle("chars/s").build();
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(40);
        chart.addSeries("chars/s", names, rates);
        BitmapEncoder.saveBitmap(chart, args[1], BitmapEncoder.BitmapFormat.PNG);
    }
}
