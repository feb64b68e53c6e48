package dev.tandem.bench.failover;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Order statistics of one measured series (nearest-rank percentiles: the value at rank
 * ceil(p × n), so p90 of 10 trials is the 9th smallest and never an interpolation).
 */
record Stats(int n, double median, double p90, double p99, double max, List<Double> values) {

  static Stats of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int n = sorted.size();
    double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    return new Stats(n, median, rank(sorted, 0.90), rank(sorted, 0.99), sorted.get(n - 1), List.copyOf(values));
  }

  /** The same statistics without the individual values (for series of thousands of samples). */
  Stats summary() {
    return new Stats(n, median, p90, p99, max, List.of());
  }

  private static double rank(List<Double> sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
