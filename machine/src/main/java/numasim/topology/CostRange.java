package numasim.topology;

/**
 * The physical range a cost parameter can take on hardware of the preset's kind, with where the bounds come
 * from. A value outside it must say why ({@code out_of_range}); sensitivity runs move each cost across it.
 */
public record CostRange(double lo, double hi, String source) {
    public boolean contains(double v) {
        return lo <= v && v <= hi;
    }

    /** A point {@code f} of the way from lo to hi (0 = lo, 1 = hi). */
    public double at(double f) {
        return lo + (hi - lo) * f;
    }
}
