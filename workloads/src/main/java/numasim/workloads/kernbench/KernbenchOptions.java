package numasim.workloads.kernbench;

import java.util.ArrayList;
import java.util.List;

import numasim.topology.ConfigException;
import numasim.workloads.Getopt;

/**
 * kernbench's options (getopts "vsHOMn:o:hf"), with v0.50's defaults: 5 runs; loads half (cpus/2, skipped
 * below 2, raised to 3 when it is 2), optimal (-o, default cpus) and maximal (make -j); -s adds single
 * threaded runs; -H/-O/-M drop a load; -f is a fast run (3 runs unless -n). Where the script gives up
 * ("Nothing to do"), this reports bad input.
 */
public record KernbenchOptions(int runs, List<Load> loads, boolean fast, String note) {
    /** One load: its name as kernbench prints it, and make's -j (0: unbounded). */
    public record Load(String name, String runName, int jobs) {
    }

    private static final String FIELD = "workload.args";

    public static KernbenchOptions parse(List<String> args, int cpus) {
        Integer nruns = null;
        Integer optijobs = null;
        boolean single = false;
        boolean half = true;
        boolean opti = true;
        boolean max = true;
        boolean fast = false;
        for (Getopt.Opt o : new Getopt("vsHOMn:o:hf", args, FIELD).options()) {
            switch (o.letter()) {
                case 'h', 'v' -> throw new ConfigException(FIELD, "-" + o.letter() + " only prints " + (o.letter() == 'h' ? "help" : "the version") + " (kernbench v0.50)");
                case 'n' -> nruns = intArg(o);
                case 'o' -> {
                    optijobs = intArg(o);
                    if (optijobs < 1) {
                        throw new ConfigException(FIELD, "-o " + o.arg() + ": the optimal load needs at least 1 job");
                    }
                }
                case 's' -> single = true;
                case 'H' -> half = false;
                case 'O' -> opti = false;
                case 'M' -> max = false;
                case 'f' -> fast = true;
                default -> throw new ConfigException(FIELD, "unknown option -" + o.letter());
            }
        }
        int runs = nruns != null && nruns > 0 ? nruns : fast ? 3 : 5;
        if (nruns != null && nruns < 1) {
            throw new ConfigException(FIELD, "-n " + nruns + ": Nothing to do (kernbench exits)");
        }
        String note = "";
        if (runs > 10) {
            note = "Are you crazy? trimming number of runs to 10";
            runs = 10;
        }
        int halfjobs = cpus / 2;
        List<Load> loads = new ArrayList<>();
        if (single) {
            loads.add(new Load("single", "Single threaded", 1));
        }
        if (half && halfjobs >= 2) {
            int j = halfjobs == 2 ? 3 : halfjobs;
            loads.add(new Load("half", "Half load -j " + j, j));
        }
        if (opti) {
            int j = optijobs != null ? optijobs : cpus;
            loads.add(new Load("optimal", "Optimal load -j " + j, j));
        }
        if (max) {
            loads.add(new Load("maximal", "Maximal load -j", 0));
        }
        if (loads.isEmpty()) {
            throw new ConfigException(FIELD, "every load is disabled: Nothing to do");
        }
        return new KernbenchOptions(runs, loads, fast, note);
    }

    private static int intArg(Getopt.Opt o) {
        if (!o.arg().matches("-?\\d+")) {
            throw new ConfigException(FIELD, "-" + o.letter() + " " + o.arg() + ": not a number");
        }
        long v = Long.parseLong(o.arg());
        if (v > 100_000) {
            throw new ConfigException(FIELD, "-" + o.letter() + " " + o.arg() + ": too large");
        }
        return (int) v;
    }
}
