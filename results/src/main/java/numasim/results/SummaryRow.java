package numasim.results;

/**
 * One compared figure: what was published and what numasim emulated (mean over replications, with the
 * half-width of its 95 % confidence interval; NaN when there is nothing to compare or one replication).
 */
public record SummaryRow(String id, String metric, double published, double emulated, String unit, double ci95) {
}
