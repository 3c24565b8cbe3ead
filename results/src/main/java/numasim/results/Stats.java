package numasim.results;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/** Mean, sample standard deviation and a Student-t 95 % confidence interval of replications. */
public record Stats(int n, double mean, double sd, double ci95) {
    public static Stats of(double... values) {
        SummaryStatistics s = new SummaryStatistics();
        for (double v : values) {
            s.addValue(v);
        }
        double sd = s.getN() > 1 ? s.getStandardDeviation() : 0; // n - 1 in the denominator
        double half = s.getN() > 1 ? new TDistribution(s.getN() - 1).inverseCumulativeProbability(0.975) * sd / Math.sqrt(s.getN()) : Double.NaN;
        return new Stats((int) s.getN(), s.getMean(), sd, half);
    }
}
