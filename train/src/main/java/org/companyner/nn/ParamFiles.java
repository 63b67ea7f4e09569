package org.companyner.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import org.companyner.UserError;
import org.companyner.io.AtomicFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Named parameter arrays on disk (DJL's NDList encoding), written atomically. */
public final class ParamFiles {
    private ParamFiles() {
    }

    /** Writes every parameter, named, as float32 or float16. */
    public static void save(NDManager manager, List<Pair<String, Parameter>> params, Path file, boolean half)
            throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (NDManager m = manager.newSubManager(); OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
            NDList list = new NDList();
            for (Pair<String, Parameter> p : params) {
                NDArray a = p.getValue().getArray().toType(half ? DataType.FLOAT16 : DataType.FLOAT32, true);
                a.attach(m);
                a.setName(p.getKey());
                list.add(a);
            }
            list.encode(out);
        }
        AtomicFiles.moveAtomically(tmp, file);
    }

    /** Reads a file written by {@link #save}: every name must be present with the same shape, in the same order. */
    public static void load(NDManager manager, List<Pair<String, Parameter>> params, Path file) {
        readInto(manager, file, (m, list) -> {
            if (list.size() != params.size()) {
                throw new UserError("model file " + file + " has " + list.size() + " arrays, the model needs " + params.size());
            }
            for (int i = 0; i < params.size(); i++) {
                NDArray a = list.get(i);
                NDArray target = params.get(i).getValue().getArray();
                if (!params.get(i).getKey().equals(a.getName()) || !target.getShape().equals(a.getShape())) {
                    throw new UserError("model file " + file + " does not fit the model: " + a.getName() + " " + a.getShape());
                }
                target.set(a.toType(DataType.FLOAT32, false).toFloatArray());
            }
            return params.size();
        });
    }

    /**
     * Copies the arrays of {@code file} into the parameters with the same {@link DjlTagger#baseName}
     * and shape (a pretrained encoder into a tagger); returns the names that were copied.
     */
    public static List<String> loadMatching(NDManager manager, List<Pair<String, Parameter>> params, Path file) {
        List<String> copied = new java.util.ArrayList<>();
        readInto(manager, file, (m, list) -> {
            Map<String, NDArray> byName = new LinkedHashMap<>();
            for (NDArray a : list) {
                byName.put(DjlTagger.baseName(a.getName()), a);
            }
            for (Pair<String, Parameter> p : params) {
                NDArray a = byName.get(DjlTagger.baseName(p.getKey()));
                NDArray target = p.getValue().getArray();
                if (a != null && target.getShape().equals(a.getShape())) {
                    target.set(a.toType(DataType.FLOAT32, false).toFloatArray());
                    copied.add(p.getKey());
                }
            }
            return copied.size();
        });
        return copied;
    }

    private interface Reader {
        int read(NDManager m, NDList list);
    }

    private static void readInto(NDManager manager, Path file, Reader reader) {
        if (!Files.isRegularFile(file)) {
            throw new UserError("model file missing: " + file);
        }
        try (NDManager m = manager.newSubManager(); InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            NDList list;
            try {
                list = NDList.decode(m, in);
            } catch (RuntimeException e) {
                throw new UserError("model file " + file + " is truncated or corrupt: it does not decode as arrays");
            }
            reader.read(m, list);
        } catch (IOException e) {
            throw new UserError("cannot read model file " + file + ": " + e.getMessage());
        }
    }
}
