package org.companyner.cli;

import org.companyner.export.ModelExport;
import org.companyner.runtime.ModelCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code export}: a serving copy of a trained model (ONNX graph, fp32 or int8). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes a serving model directory (ONNX graph + vocabularies) from a trained one.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Trained model directory.")
    Path model;
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory.")
    Path out;
    @Option(names = "--name", description = "Model name in the card (default: the output folder name).")
    String name;
    @Option(names = "--int8", description = "int8 weights for the encoder's matrix products (smaller, faster).")
    boolean int8;
    @Option(names = "--keep-params", description = "Also keep the DJL parameters (float16) for further fine-tuning.")
    boolean keepParams;

    @Override
    public Integer call() throws Exception {
        ModelCard card = ModelExport.export(model, out, name, int8, keepParams);
        System.err.println("exported " + card.name() + " to " + out + " (" + String.join(", ", card.files().keySet()) + ")");
        return 0;
    }
}
