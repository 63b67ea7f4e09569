import org.companyner.io.DataReader;
import org.companyner.io.Format;
import org.companyner.io.LabelMap;
import org.companyner.runtime.LoadedModel;
import org.companyner.text.Document;
import org.companyner.text.Entity;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What linking adds to tagging, timed apart from the machine's noise: on bench's default texts (CLUENER dev +
 * CFSC val), rounds alternate one recognition pass and one linking pass of its output; prints the median of
 * each and their ratio. Usage (after a build):
 * java -cp core/target/company-ner-core-0.1.0.jar:$(cat serve/target/classpath.txt) scripts/LinkCost.java ../shared/data [rounds]
 */
public class LinkCost {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args[0]);
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 9;
        List<String> texts = new ArrayList<>();
        for (Document d : DataReader.read(data.resolve("cluener2020/dev.json"), Format.parse("cluener"), LabelMap.parse("company"))) {
            texts.add(d.text());
        }
        for (Document d : DataReader.read(data.resolve("cfsc_ner/val.json"), Format.parse("cfsc"), LabelMap.parse("Corporate"))) {
            texts.add(d.text());
        }
        try (LoadedModel m = LoadedModel.open(Path.of("models/default"), 4096, 2, null)) {
            List<List<Entity>> found = m.recognizer().recognize(texts); // warm-up
            m.linker().linkAll(texts, found);
            double[] recognize = new double[rounds];
            double[] link = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                found = m.recognizer().recognize(texts);
                long t1 = System.nanoTime();
                m.linker().linkAll(texts, found);
                long t2 = System.nanoTime();
                recognize[r] = (t1 - t0) / 1e6;
                link[r] = (t2 - t1) / 1e6;
            }
            Arrays.sort(recognize);
            Arrays.sort(link);
            double rm = recognize[rounds / 2];
            double lm = link[rounds / 2];
            System.out.printf("texts %d, rounds %d: recognize median %.0f ms, link median %.1f ms, link/recognize %.2f %%%n",
                    texts.size(), rounds, rm, lm, 100 * lm / rm);
        }
    }
}
