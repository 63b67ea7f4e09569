package org.companyner.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;

/**
 * A bidirectional one-layer LSTM (Hochreiter &amp; Schmidhuber 1997, with the forget-gate form of
 * PyTorch's {@code torch.nn.LSTM}) from two {@link LstmLayer}s: {@code forward} reads each sequence
 * left to right, {@code backward} reads it right to left within its own length, so padding never
 * reaches a real position. Outputs are concatenated, left-to-right half first: {@code [B, T, 2H]}.
 *
 * <p>Per step t, with x_t·W and h_{t-1}·R for both directions in one batched product:
 * i, f, o = σ(·), g = tanh(·); c_t = f ⊙ c_{t-1} + i ⊙ g; h_t = o ⊙ tanh(c_t); h_0 = c_0 = 0.
 * Only matrix products and element-wise functions are used, so the result does not depend on
 * which fused RNN kernel a host's PyTorch build picks ({@link LstmLayer} says why that matters).
 * Autograd runs through the loop.
 */
public final class BiLstm {
    private final LstmLayer forward;
    private final LstmLayer backward;

    public BiLstm(LstmLayer forward, LstmLayer backward) {
        if (forward.hidden() != backward.hidden()) {
            throw new IllegalArgumentException("both directions need the same hidden size");
        }
        this.forward = forward;
        this.backward = backward;
    }

    public int hidden() {
        return forward.hidden();
    }

    /**
     * {@code x [B, T, in]} with the real length of each row ({@code lengths[b] <= T}; real positions are a
     * prefix of each row) → {@code [B, T, 2H]}. Outputs at padding positions are meaningless.
     */
    public NDArray forward(ParameterStore ps, NDArray x, int[] lengths, boolean training) {
        NDManager m = x.getManager();
        long b = x.getShape().get(0);
        long t = x.getShape().get(1);
        long in = x.getShape().get(2);
        int h = hidden();
        if (t == 0) {
            return m.zeros(new Shape(b, 0, 2L * h), x.getDataType());
        }
        NDArray index = reversal(m, lengths, b, t);
        NDArray reversed = x.gather(index.broadcast(b, t, in), 1);
        // [2, B, T, in] · [2, in, 4H] + biases → input part of the gates for every step, both directions
        NDArray w = NDArrays.stack(new NDList(value(ps, forward.inputWeight, x, training),
                value(ps, backward.inputWeight, x, training))).transpose(0, 2, 1);
        NDArray r = NDArrays.stack(new NDList(value(ps, forward.recurrentWeight, x, training),
                value(ps, backward.recurrentWeight, x, training))).transpose(0, 2, 1);              // [2, H, 4H]
        NDArray bias = NDArrays.stack(new NDList(
                value(ps, forward.inputBias, x, training).add(value(ps, forward.recurrentBias, x, training)),
                value(ps, backward.inputBias, x, training).add(value(ps, backward.recurrentBias, x, training))))
                .reshape(2, 1, 4L * h);
        NDArray xs = NDArrays.stack(new NDList(x, reversed)).reshape(2, b * t, in);
        // one piece per step, cut once: slicing step s out of the whole [2, B, T, 4H] array inside the loop
        // would make backward write a zero-filled array of that whole size for every step (quadratic in T)
        NDList steps = xs.matMul(w).add(bias).reshape(2, b, t, 4L * h).split(t, 2);

        NDArray hState = m.zeros(new Shape(2, b, h), x.getDataType());
        NDArray cState = m.zeros(new Shape(2, b, h), x.getDataType());
        NDList outputs = new NDList((int) t);
        for (int s = 0; s < t; s++) {
            NDArray gates = steps.get(s).squeeze(2).add(hState.matMul(r));      // [2, B, 4H]
            NDList g = gates.split(4, 2);                                        // i, f, g, o (PyTorch order)
            NDArray i = Activation.sigmoid(g.get(0));
            NDArray f = Activation.sigmoid(g.get(1));
            NDArray cand = g.get(2).tanh();
            NDArray o = Activation.sigmoid(g.get(3));
            cState = f.mul(cState).add(i.mul(cand));
            hState = o.mul(cState.tanh());
            outputs.add(hState);
        }
        NDArray y = NDArrays.stack(outputs, 2);                       // [2, B, T, H]
        NDArray fwd = y.get(0);
        NDArray bwd = y.get(1).gather(index.broadcast(b, t, h), 1);  // the reversal is its own inverse
        return fwd.concat(bwd, 2);
    }

    private static NDArray value(ParameterStore ps, ai.djl.nn.Parameter p, NDArray like, boolean training) {
        return ps.getValue(p, like.getDevice(), training);
    }

    /**
     * Gather index {@code [B, T, 1]} (int64) that reverses each row within its length {@code n}:
     * {@code t → n - 1 - t} for {@code t < n}, padding positions map to themselves.
     */
    private static NDArray reversal(NDManager manager, int[] lengths, long b, long t) {
        long[] index = new long[Math.toIntExact(b * t)];
        for (int s = 0; s < b; s++) {
            int n = lengths[s];
            if (n < 0 || n > t) {
                throw new IllegalArgumentException("row length " + n + " outside [0, " + t + "]");
            }
            for (int i = 0; i < t; i++) {
                index[(int) (s * t + i)] = i < n ? n - 1 - i : i;
            }
        }
        return manager.create(index, new Shape(b, t, 1));
    }
}
