package org.companyner.io;

import org.companyner.UserError;

/** A place in an input, for error messages: {@code FILE:LINE: [record N: ]message}. */
record Where(String file, int line, int record) {
    Where(String file, int line) {
        this(file, line, 0);
    }

    UserError error(String message) {
        return new UserError(file + ":" + line + ": " + (record > 0 ? "record " + record + ": " : "") + message);
    }
}
