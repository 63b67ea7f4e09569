package org.companyner.cli;

import org.companyner.UserError;
import org.companyner.export.ModelExport;
import org.companyner.export.Requantizer;
import org.companyner.runtime.ModelCard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code export}: a serving copy of a trained model (ONNX graph, fp32 or int8). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Writes a serving model directory (ONNX graph + vocabularies) from a trained one.")
final class ExportCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "DIR", description = "Trained model directory.")
    Path model;
    @Option(names = "--requantize", paramLabel = "DIR",
            description = "Instead of --model: rewrite an exported int8 model whose graph uses one activation scale per"
                    + " batch (DynamicQuantizeMatMul, exports before 2026-12-02) to per-token scales, keeping its weights;"
                    + " with --fp32, to float32 matrix products on the dequantised weights.")
    Path requantize;
    @Option(names = "--fp32", description = "With --requantize: float32 matrix products instead of per-token int8.")
    boolean fp32;
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
        if ((model == null) == (requantize == null)) {
            throw new UserError("give either --model (a trained model) or --requantize (an exported int8 model)");
        }
        if (requantize != null) {
            ModelCard card = Requantizer.requantize(requantize, out, fp32 ? Requantizer.Mode.FLOAT : Requantizer.Mode.PER_TOKEN);
            System.err.println("rewrote " + requantize + " to " + out + " (" + card.training().get("onnx_weights") + ")");
            return 0;
        }
        ModelCard card = ModelExport.export(model, out, name, int8, keepParams);
        System.err.println("exported " + card.name() + " to " + out + " (" + String.join(", ", card.files().keySet()) + ")");
        return 0;
    }
}
