package org.companyner.serve;

/** An error the caller caused (or overload): an HTTP status and a one-line message, answered as JSON. */
final class ApiError extends RuntimeException {
    final int status;

    ApiError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
