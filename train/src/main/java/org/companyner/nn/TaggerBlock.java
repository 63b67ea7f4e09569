package org.companyner.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.nn.transformer.IdEmbedding;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.PairList;
import org.companyner.lexicon.Gazetteer;
import org.companyner.model.EncoderConfig;
import org.companyner.text.Tags;

import java.util.ArrayList;
import java.util.List;

/**
 * Character transformer encoder [+ BiLSTM] + linear emission head + CRF parameters, written from DJL primitives.
 *
 * <p>Pre-LN residual blocks (Xiong et al. 2020, "On Layer Normalization in the Transformer
 * Architecture"): the post-LN encoder collapsed to all-O when trained from scratch here, pre-LN
 * trains without warm-up tricks being critical. Embeddings are factorised as in ELECTRA/ALBERT:
 * char + left bigram + right bigram + position, each {@code embeddingSize} wide, projected to
 * {@code hidden}. With {@code shareLayers} one layer's weights serve every layer (ALBERT).
 *
 * <p>With {@code lstmHidden > 0} a BiLSTM (Huang et al. 2015, "Bidirectional LSTM-CRF Models for
 * Sequence Tagging") runs between the encoder and the emission head: {@code lstmHidden} per
 * direction, outputs concatenated (forward first), then dropout. With {@code layers == 0} the
 * encoder is only embeddings → LayerNorm → projection (no positions, no final norm): the BiLSTM
 * is the whole context model. The BiLSTM is {@link BiLstm}: written from tensor operations (DJL's
 * bidirectional LSTM is broken on PyTorch, STACK.md, and its one-directional one runs a host-dependent
 * fused kernel, {@link LstmLayer}); the backward direction reads each sequence reversed within its
 * own length, which makes padded batches exact.
 *
 * <p>Inputs: char ids, left-bigram ids, right-bigram ids ({@code [B, T]} int32), an additive
 * attention mask {@code [B, 1, 1, T]} (0 for real positions, -10000 for padding) and gazetteer
 * match ids {@code [B, T]} (used when the config has {@code lexicon}).
 * Output: emissions {@code [B, T, tags]}.
 */
public final class TaggerBlock extends AbstractBlock {
    private static final byte VERSION = 1;

    private final EncoderConfig config;
    private final IdEmbedding charEmbedding;
    private final IdEmbedding bigramEmbedding;
    private final IdEmbedding lexiconEmbedding;
    /** Learned positions; null without transformer layers. */
    private final Parameter positions;
    private final LayerNorm embeddingNorm;
    private final Linear projection;
    private final List<Layer> layers = new ArrayList<>();
    /** Null without transformer layers. */
    private final LayerNorm finalNorm;
    private final Dropout dropout;
    private final Linear emissions;
    /** Null without {@code lstmHidden}. */
    private final LstmLayer lstmFwd;
    private final LstmLayer lstmBwd;
    private final BiLstm lstm;
    private final Parameter transitions;
    private final Parameter start;
    private final Parameter end;

    public TaggerBlock(EncoderConfig config) {
        super(VERSION);
        this.config = config;
        charEmbedding = addChildBlock("char", new IdEmbedding.Builder()
                .setDictionarySize(config.vocabSize()).setEmbeddingSize(config.embeddingSize()).build());
        bigramEmbedding = config.bigramVocabSize() > 0
                ? addChildBlock("bigram", new IdEmbedding.Builder()
                .setDictionarySize(config.bigramVocabSize()).setEmbeddingSize(config.embeddingSize()).build())
                : null;
        lexiconEmbedding = config.lexicon()
                ? addChildBlock("lexicon", new IdEmbedding.Builder()
                .setDictionarySize(Gazetteer.FEATURE_IDS).setEmbeddingSize(config.embeddingSize()).build())
                : null;
        positions = config.layers() > 0
                ? addParameter(Parameter.builder().setName("positions").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.maxPositions(), config.embeddingSize())).build())
                : null;
        embeddingNorm = addChildBlock("embNorm", LayerNorm.builder().axis(2).build());
        projection = addChildBlock("proj", Linear.builder().setUnits(config.hidden()).build());
        int distinct = config.shareLayers() ? 1 : config.layers();
        for (int i = 0; i < distinct; i++) {
            layers.add(new Layer(this, "layer" + i, config));
        }
        finalNorm = config.layers() > 0 ? addChildBlock("finalNorm", LayerNorm.builder().axis(2).build()) : null;
        dropout = addChildBlock("dropout", Dropout.builder().optRate(config.dropout()).build());
        emissions = addChildBlock("emit", Linear.builder().setUnits(Tags.COUNT).build());
        transitions = addParameter(crf("crfTransitions", new Shape(Tags.COUNT, Tags.COUNT)));
        start = addParameter(crf("crfStart", new Shape(Tags.COUNT)));
        end = addParameter(crf("crfEnd", new Shape(Tags.COUNT)));
        // Registered last, so that every other parameter keeps the name it has in a model without the
        // BiLSTM (DJL numbers child blocks in order): an encoder pretrained without it loads by name.
        lstmFwd = config.lstmHidden() > 0 ? addChildBlock("lstmFwd", new LstmLayer(config.lstmHidden())) : null;
        lstmBwd = config.lstmHidden() > 0 ? addChildBlock("lstmBwd", new LstmLayer(config.lstmHidden())) : null;
        lstm = lstmFwd != null ? new BiLstm(lstmFwd, lstmBwd) : null;
        setInitializer(new NormalInitializer(0.02f), Parameter.Type.WEIGHT);
        if (lstm != null) { // the encoder's N(0, 0.02) must not replace the LSTM's own initialiser
            lstmFwd.useOwnInitializer();
            lstmBwd.useOwnInitializer();
        }
    }

    private static Parameter crf(String name, Shape shape) {
        return Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape).build();
    }

    public EncoderConfig config() {
        return config;
    }

    @Override
    protected NDList forwardInternal(ParameterStore ps, NDList inputs, boolean training,
                                     PairList<String, Object> params) {
        NDArray x = contextual(ps, inputs, training);
        if (lstm != null) {
            x = dropout.forward(ps, new NDList(x), training).singletonOrThrow();
        }
        return emissions.forward(ps, new NDList(x), training);
    }

    /**
     * What the emission head reads: the encoder's hidden states, through the BiLSTM if the model has
     * one ({@code [B, T, 2 * lstmHidden]}, the left-to-right half first).
     */
    public NDArray contextual(ParameterStore ps, NDList inputs, boolean training) {
        NDArray x = encode(ps, inputs, training);
        return lstm == null ? x : lstm.forward(ps, x, lengths(inputs.get(3)), training);
    }

    /**
     * The encoder's final hidden states {@code [B, T, hidden]} (pretraining heads read these), before
     * the BiLSTM if the model has one.
     */
    public NDArray encode(ParameterStore ps, NDList inputs, boolean training) {
        NDArray chars = inputs.get(0);
        NDArray mask = inputs.get(3);
        NDArray x = charEmbedding.forward(ps, new NDList(chars), training).singletonOrThrow();
        if (bigramEmbedding != null) {
            x = x.add(bigramEmbedding.forward(ps, new NDList(inputs.get(1)), training).singletonOrThrow())
                    .add(bigramEmbedding.forward(ps, new NDList(inputs.get(2)), training).singletonOrThrow());
        }
        if (lexiconEmbedding != null) {
            x = x.add(lexiconEmbedding.forward(ps, new NDList(inputs.get(4)), training).singletonOrThrow());
        }
        if (positions != null) {
            long length = chars.getShape().get(1);
            NDArray pos = ps.getValue(positions, chars.getDevice(), training).get(new NDIndex(":{}", length));
            pos.attach(chars.getManager()); // the slice would otherwise live as long as the parameters
            x = x.add(pos);
        }
        x = embeddingNorm.forward(ps, new NDList(x), training).singletonOrThrow();
        x = dropout.forward(ps, new NDList(x), training).singletonOrThrow();
        x = projection.forward(ps, new NDList(x), training).singletonOrThrow();
        for (int i = 0; i < config.layers(); i++) {
            x = layers.get(config.shareLayers() ? 0 : i).forward(ps, x, mask, training);
        }
        return finalNorm == null ? x : finalNorm.forward(ps, new NDList(x), training).singletonOrThrow();
    }

    /** The CRF parameters as arrays: transitions {@code [from, to]}, start, end. */
    public NDList crfParameters(ParameterStore ps, ai.djl.Device device, boolean training) {
        return new NDList(ps.getValue(transitions, device, training), ps.getValue(start, device, training),
                ps.getValue(end, device, training));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[]{new Shape(in.get(0), in.get(1), Tags.COUNT)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        Shape ids = inputShapes[0];
        long b = ids.get(0);
        long t = ids.get(1);
        Shape emb = new Shape(b, t, config.embeddingSize());
        Shape hid = new Shape(b, t, config.hidden());
        charEmbedding.initialize(manager, dataType, ids);
        if (bigramEmbedding != null) {
            bigramEmbedding.initialize(manager, dataType, ids);
        }
        if (lexiconEmbedding != null) {
            lexiconEmbedding.initialize(manager, dataType, ids);
        }
        embeddingNorm.initialize(manager, dataType, emb);
        dropout.initialize(manager, dataType, emb);
        projection.initialize(manager, dataType, emb);
        for (Layer layer : layers) {
            layer.initialize(manager, dataType, hid);
        }
        if (finalNorm != null) {
            finalNorm.initialize(manager, dataType, hid);
        }
        if (lstm != null) {
            lstmFwd.initialize(manager, dataType, hid);
            lstmBwd.initialize(manager, dataType, hid);
            emissions.initialize(manager, dataType, new Shape(b, t, 2L * config.lstmHidden()));
        } else {
            emissions.initialize(manager, dataType, hid);
        }
    }

    /** Real length of each row of the additive mask {@code [B, 1, 1, T]} (real positions are a prefix). */
    private static int[] lengths(NDArray mask) {
        long b = mask.getShape().get(0);
        long t = mask.getShape().get(3);
        float[] m = mask.toFloatArray();
        int[] lengths = new int[(int) b];
        for (int s = 0; s < b; s++) {
            int n = 0;
            while (n < t && m[(int) (s * t + n)] > DjlTagger.MASKED / 2) {
                n++;
            }
            lengths[s] = n;
        }
        return lengths;
    }

    /** One pre-LN transformer layer; its blocks are registered as children of the tagger. */
    private static final class Layer {
        private final EncoderConfig config;
        private final LayerNorm norm1;
        private final Linear qkv;
        private final Linear out;
        private final LayerNorm norm2;
        private final Linear ff1;
        private final Linear ff2;
        private final Dropout dropout;

        Layer(TaggerBlock owner, String name, EncoderConfig config) {
            this.config = config;
            norm1 = owner.addChildBlock(name + "Norm1", LayerNorm.builder().axis(2).build());
            qkv = owner.addChildBlock(name + "Qkv", Linear.builder().setUnits(3L * config.hidden()).build());
            out = owner.addChildBlock(name + "Out", Linear.builder().setUnits(config.hidden()).build());
            norm2 = owner.addChildBlock(name + "Norm2", LayerNorm.builder().axis(2).build());
            ff1 = owner.addChildBlock(name + "Ff1", Linear.builder().setUnits(config.ffn()).build());
            ff2 = owner.addChildBlock(name + "Ff2", Linear.builder().setUnits(config.hidden()).build());
            dropout = owner.addChildBlock(name + "Dropout", Dropout.builder().optRate(config.dropout()).build());
        }

        void initialize(NDManager manager, DataType dataType, Shape hid) {
            Shape ffn = new Shape(hid.get(0), hid.get(1), config.ffn());
            norm1.initialize(manager, dataType, hid);
            qkv.initialize(manager, dataType, hid);
            out.initialize(manager, dataType, hid);
            norm2.initialize(manager, dataType, hid);
            ff1.initialize(manager, dataType, hid);
            ff2.initialize(manager, dataType, ffn);
            dropout.initialize(manager, dataType, hid);
        }

        NDArray forward(ParameterStore ps, NDArray x, NDArray mask, boolean training) {
            long b = x.getShape().get(0);
            long t = x.getShape().get(1);
            int heads = config.heads();
            int dh = config.hidden() / heads;
            NDArray h = norm1.forward(ps, new NDList(x), training).singletonOrThrow();
            NDArray proj = qkv.forward(ps, new NDList(h), training).singletonOrThrow()
                    .reshape(b, t, 3, heads, dh).transpose(2, 0, 3, 1, 4); // [3, B, heads, T, dh]
            NDArray q = proj.get(0);
            NDArray k = proj.get(1);
            NDArray v = proj.get(2);
            // Constants come from the batch's manager: Number overloads of mul/div free their scalar
            // too early for autograd (STACK.md).
            NDArray scale = x.getManager().create((float) (1.0 / Math.sqrt(dh)));
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul(scale).add(mask);
            NDArray attn = dropout.forward(ps, new NDList(scores.softmax(-1)), training).singletonOrThrow();
            NDArray ctx = attn.matMul(v).transpose(0, 2, 1, 3).reshape(b, t, config.hidden());
            NDArray a = out.forward(ps, new NDList(ctx), training).singletonOrThrow();
            x = x.add(dropout.forward(ps, new NDList(a), training).singletonOrThrow());
            h = norm2.forward(ps, new NDList(x), training).singletonOrThrow();
            h = Activation.gelu(ff1.forward(ps, new NDList(h), training).singletonOrThrow());
            h = ff2.forward(ps, new NDList(h), training).singletonOrThrow();
            return x.add(dropout.forward(ps, new NDList(h), training).singletonOrThrow());
        }
    }
}
