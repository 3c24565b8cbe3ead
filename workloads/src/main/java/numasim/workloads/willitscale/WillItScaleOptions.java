package numasim.workloads.willitscale;

import java.util.ArrayList;
import java.util.List;

import numasim.topology.ConfigException;
import numasim.workloads.Getopt;

/**
 * will-it-scale's command line as LKP drives it: the test case (the binary's name, e.g. page_fault3),
 * {@code --mode processes|threads} (which of the two binaries), {@code -t}/{@code --tasks}, {@code -s}
 * measured one-second samples (default 5, as runtest.py) and {@code -m} (bind tasks to hardware threads
 * instead of cores). {@code --sample-ms} is numasim's: the length of one sample, 1000 as in the harness;
 * shorter samples give the same rates from less simulated time. The real binaries' form works too:
 * {@code page_fault1_threads -t 16 -s 5} is {@code page_fault1 --mode threads -t 16 -s 5}.
 */
public record WillItScaleOptions(String testcase, boolean threads, int tasks, int iterations, boolean smtAffinity,
        double sampleNs) {
    /** MAX_TASKS of the harness. */
    public static final int MAX_TASKS = 2048;
    private static final String FIELD = "workload.args";

    public static WillItScaleOptions parse(List<String> args) {
        List<String> rest = new ArrayList<>();
        String mode = null;
        Integer tasks = null;
        double sampleMs = 1000;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (!name.equals("--mode") && !name.equals("--tasks") && !name.equals("--sample-ms")) {
                if (a.startsWith("--")) {
                    throw new ConfigException(FIELD, "unknown option " + name + " (known: --mode, --tasks, --sample-ms, -t, -s, -m)");
                }
                rest.add(a);
                continue;
            }
            String value;
            if (a.contains("=")) {
                value = a.substring(a.indexOf('=') + 1);
            } else if (i + 1 < args.size()) {
                value = args.get(++i);
            } else {
                throw new ConfigException(FIELD, "option " + name + " requires an argument");
            }
            switch (name) {
                case "--mode" -> mode = value;
                case "--tasks" -> tasks = number(name, value);
                default -> sampleMs = number(name, value);
            }
        }
        if (mode != null && !mode.equals("processes") && !mode.equals("threads")) {
            throw new ConfigException(FIELD, "--mode must be processes or threads, got '" + mode + "'");
        }
        int iterations = 5;
        boolean smt = false;
        Getopt g = new Getopt("mt:s:", rest, FIELD);
        for (Getopt.Opt o : g.options()) {
            switch (o.letter()) {
                case 'm' -> smt = true;
                case 't' -> tasks = (int) Getopt.atoi(o.arg());
                case 's' -> iterations = (int) Getopt.atoi(o.arg());
                default -> throw new ConfigException(FIELD, "unknown option -" + o.letter());
            }
        }
        if (g.operands().size() != 1) {
            throw new ConfigException(FIELD, g.operands().isEmpty()
                    ? "no test case given (test cases: " + String.join(", ", Testcases.NAMES) + ")"
                    : "one test case expected, got " + g.operands());
        }
        String tc = g.operands().get(0);
        // the binary's name: <testcase>_threads or <testcase>_processes, as runtest.py runs them
        for (String suffix : new String[] {"_threads", "_processes"}) {
            String base = tc.endsWith(suffix) ? tc.substring(0, tc.length() - suffix.length()) : null;
            if (base != null && Testcases.NAMES.contains(base)) {
                String binary = suffix.substring(1);
                if (mode != null && !mode.equals(binary)) {
                    throw new ConfigException(FIELD, tc + " is the " + binary + " binary, but --mode says " + mode);
                }
                mode = binary;
                tc = base;
            }
        }
        if (mode == null) {
            mode = "processes";
        }
        if (!Testcases.NAMES.contains(tc)) {
            throw new ConfigException(FIELD, "unknown test case '" + tc + "' (test cases: " + String.join(", ", Testcases.NAMES) + ")");
        }
        int t = tasks == null ? 1 : tasks;
        if (t < 1 || t > MAX_TASKS) {
            throw new ConfigException(FIELD, "--tasks " + t + ": must be 1.." + MAX_TASKS + " (the harness's MAX_TASKS)");
        }
        if (iterations < 1) {
            throw new ConfigException(FIELD, "-s " + iterations + ": at least one measured sample is needed");
        }
        if (!(sampleMs > 0) || sampleMs > 60_000) {
            throw new ConfigException(FIELD, "--sample-ms " + sampleMs + ": must be above 0 and at most 60000");
        }
        return new WillItScaleOptions(tc, mode.equals("threads"), t, iterations, smt, sampleMs * 1e6);
    }

    private static int number(String name, String value) {
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new ConfigException(FIELD, name + " must be a whole number, got '" + value + "'");
        }
    }
}
