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
 * Line chart from a TSV of {@code series<TAB>x<TAB>y} rows, for figures in docs/ (single-file program):
 * {@code java -cp XCHART_JAR scripts/Plot.java data.tsv out.png "title" "x label" "y label" [log]}.
 */
public final class Plot {
    public static void main(String[] args) throws Exception {
        Map<String, List<double[]>> series = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t");
            series.computeIfAbsent(f[0], k -> new ArrayList<>()).add(new double[]{Double.parseDouble(f[1]), Double.parseDouble(f[2])});
        }
        XYChart chart = new XYChartBuilder().width(800).height(450).title(args[2]).xAxisTitle(args[3]).yAxisTitle(args[4]).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideSE);
        chart.getStyler().setXAxisLogarithmic(args.length > 5 && args[5].equals("log"));
        for (var e : series.entrySet()) {
            chart.addSeries(e.getKey(), e.getValue().stream().mapToDouble(p -> p[0]).toArray(),
                    e.getValue().stream().mapToDouble(p -> p[1]).toArray()).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
        }
        BitmapEncoder.saveBitmap(chart, args[1], BitmapEncoder.BitmapFormat.PNG);
    }
}
