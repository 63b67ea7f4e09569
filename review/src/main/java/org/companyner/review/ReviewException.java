package org.companyner.review;

/** A decision that cannot be applied; {@link #status()} is the HTTP status the review page gets (400, 404, 409). */
public final class ReviewException extends RuntimeException {
    private final int status;

    public ReviewException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
