package org.companyner.serve;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Counters and a latency histogram of recognition requests, written in the Prometheus text format. */
final class Metrics {
    static final double[] BUCKETS = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final LongAdder requests = new LongAdder();
    private final LongAdder errors = new LongAdder();
    private final LongAdder chars = new LongAdder();
    private final LongAdder batches = new LongAdder();
    private final LongAdder batchedRequests = new LongAdder();
    private final AtomicLongArray buckets = new AtomicLongArray(BUCKETS.length);
    private final DoubleAdder sum = new DoubleAdder();
    private final LongAdder count = new LongAdder();

    void request() {
        requests.increment();
    }

    void error() {
        errors.increment();
    }

    /** One model call that served {@code requests} requests together. */
    void batch(int requests) {
        batches.increment();
        batchedRequests.add(requests);
    }

    void chars(long n) {
        chars.add(n);
    }

    void observe(double seconds) {
        for (int i = 0; i < BUCKETS.length; i++) {
            if (seconds <= BUCKETS[i]) {
                buckets.incrementAndGet(i);
            }
        }
        sum.add(seconds);
        count.increment();
    }

    String prometheus() {
        StringBuilder sb = new StringBuilder();
        counter(sb, "company_ner_requests_total", "Recognition requests received.", requests.sum());
        counter(sb, "company_ner_errors_total", "Recognition requests answered with an error status.", errors.sum());
        counter(sb, "company_ner_chars_total", "Code points of articles recognised.", chars.sum());
        counter(sb, "company_ner_batches_total", "Model calls (each may serve several requests).", batches.sum());
        counter(sb, "company_ner_batched_requests_total", "Requests served by those calls (/ batches = mean batch size).",
                batchedRequests.sum());
        sb.append("# HELP company_ner_request_seconds Latency of recognition requests.\n");
        sb.append("# TYPE company_ner_request_seconds histogram\n");
        long total = count.sum();
        for (int i = 0; i < BUCKETS.length; i++) {
            sb.append("company_ner_request_seconds_bucket{le=\"").append(BUCKETS[i]).append("\"} ")
                    .append(buckets.get(i)).append('\n');
        }
        sb.append("company_ner_request_seconds_bucket{le=\"+Inf\"} ").append(total).append('\n');
        sb.append("company_ner_request_seconds_sum ").append(String.format(Locale.ROOT, "%.6f", sum.sum())).append('\n');
        sb.append("company_ner_request_seconds_count ").append(total).append('\n');
        return sb.toString();
    }

    private static void counter(StringBuilder sb, String name, String help, long value) {
        sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
        sb.append("# TYPE ").append(name).append(" counter\n");
        sb.append(name).append(' ').append(value).append('\n');
    }
}
