package org.companyner.nn;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * The parameters of one direction of a one-layer LSTM, named and shaped as DJL's own
 * {@code ai.djl.nn.recurrent.LSTM} names them ({@code l_0_i2h_WEIGHT [4H, in]}, {@code l_0_h2h_WEIGHT [4H, H]},
 * {@code l_0_i2h_BIAS [4H]}, {@code l_0_h2h_BIAS [4H]}, gates in PyTorch order i, f, g, o), so models and
 * pretrained encoders saved with DJL's LSTM load unchanged. The recurrence itself is computed by
 * {@link BiLstm} from plain tensor operations.
 *
 * <p>Why not DJL's LSTM: it runs PyTorch's fused LSTM, which on CPU dispatches to oneDNN's RNN
 * primitive, whose implementation and blocking are chosen per host (brgemm kernels sized by the
 * CPU's caches). On AMD EPYC hosts it disagreed with ONNX Runtime and with a double-precision
 * reference by up to 1.6 for hidden sizes 12 and 16 (docs/RESULTS.md, Reliability); matrix products
 * and element-wise sigmoid/tanh have one meaning on every host.
 */
public final class LstmLayer extends AbstractBlock {
    private static final byte VERSION = 1;

    private final int hidden;
    final Parameter inputWeight;
    final Parameter recurrentWeight;
    final Parameter inputBias;
    final Parameter recurrentBias;

    /** One direction with {@code hidden} units; the input width is taken from the first initialisation. */
    public LstmLayer(int hidden) {
        super(VERSION);
        if (hidden < 1) {
            throw new IllegalArgumentException("LSTM hidden size must be positive: " + hidden);
        }
        this.hidden = hidden;
        inputWeight = addParameter(Parameter.builder().setName("l_0_i2h_WEIGHT").setType(Parameter.Type.WEIGHT).build());
        recurrentWeight = addParameter(Parameter.builder().setName("l_0_h2h_WEIGHT").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(4L * hidden, hidden)).build());
        inputBias = addParameter(Parameter.builder().setName("l_0_i2h_BIAS").setType(Parameter.Type.BIAS)
                .optShape(new Shape(4L * hidden)).build());
        recurrentBias = addParameter(Parameter.builder().setName("l_0_h2h_BIAS").setType(Parameter.Type.BIAS)
                .optShape(new Shape(4L * hidden)).build());
        useOwnInitializer();
    }

    /**
     * PyTorch's own LSTM initialisation, U(-1/√H, 1/√H) (torch.nn.LSTM docs), rather than an encoder's
     * N(0, 0.02), which would start the recurrence with almost no signal; biases start at 0. An owner
     * that sets an initialiser for all its children calls this afterwards.
     */
    public void useOwnInitializer() {
        setInitializer(new UniformInitializer((float) (1 / Math.sqrt(hidden))), Parameter.Type.WEIGHT);
    }

    public int hidden() {
        return hidden;
    }

    @Override
    public void prepare(Shape[] inputShapes) {
        inputWeight.setShape(new Shape(4L * hidden, inputShapes[0].get(inputShapes[0].dimension() - 1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[]{new Shape(in.get(0), in.get(1), hidden)};
    }

    /** Not used on its own: {@link BiLstm} runs both directions together. */
    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training, PairList<String, Object> params) {
        throw new UnsupportedOperationException("an LstmLayer runs inside a BiLstm");
    }

    @Override
    protected void initializeChildBlocks(ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
        // no children
    }
}
