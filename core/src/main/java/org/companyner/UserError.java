package org.companyner;

/**
 * A problem the user can fix (bad file, malformed line, unknown option, corrupt model).
 * The command line prints only its message, one line, and exits non-zero; never a stack trace.
 */
public class UserError extends RuntimeException {
    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
