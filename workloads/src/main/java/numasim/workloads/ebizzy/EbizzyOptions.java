package numasim.workloads.ebizzy;

import java.util.List;

import numasim.topology.ConfigException;
import numasim.workloads.Getopt;

/**
 * ebizzy's options, parsed exactly as ebizzy 0.3 parses them ({@code getopt "lmMn:pPRs:S:t:vzT"}, values
 * through atoi, defaults set before parsing). Where the real program would call usage() and exit, this
 * throws a {@link ConfigException} naming the option.
 */
public record EbizzyOptions(
        boolean noLibMemcpy,
        boolean alwaysMmap,
        boolean neverMmap,
        int chunks,
        boolean usePermissions,
        boolean useHoles,
        boolean randomSize,
        long chunkSize,
        int seconds,
        int threads,
        int verbose,
        boolean linear,
        boolean touchPages) {

    public static final int RECORD_SIZE = 8;
    /** pid_max's default: a process cannot have more threads than that. */
    public static final int MAX_THREADS = 32768;
    private static final String FIELD = "workload.args";

    public static EbizzyOptions parse(List<String> args, int onlineCpus) {
        boolean l = false;
        boolean m = false;
        boolean bigM = false;
        long n = 10;
        boolean p = false;
        boolean bigP = false;
        boolean r = false;
        long s = RECORD_SIZE * 64 * 1024;
        long bigS = 10;
        long t = 2L * onlineCpus;
        int v = 0;
        boolean z = false;
        boolean bigT = false;
        for (Getopt.Opt o : new Getopt("lmMn:pPRs:S:t:vzT", args, FIELD).options()) {
            switch (o.letter()) {
                case 'l' -> l = true;
                case 'm' -> m = true;
                case 'M' -> bigM = true;
                case 'n' -> n = positive(o, "chunks");
                case 'p' -> p = true;
                case 'P' -> bigP = true;
                case 'R' -> r = true;
                case 's' -> s = positive(o, "chunk size in bytes");
                case 'S' -> bigS = positive(o, "seconds");
                case 't' -> t = positive(o, "threads");
                case 'v' -> v++;
                case 'z' -> z = true;
                case 'T' -> bigT = true;
                default -> throw new ConfigException(FIELD, "unknown option -" + o.letter());
            }
        }
        if (m && bigM) {
            throw new ConfigException(FIELD, "both -m \"always mmap\" and -M \"never mmap\" option specified");
        }
        if (s < RECORD_SIZE || s % RECORD_SIZE != 0) {
            throw new ConfigException(FIELD, "-s " + s + ": chunk size must be a multiple of the record size (" + RECORD_SIZE + " bytes)");
        }
        if (t > MAX_THREADS) {
            throw new ConfigException(FIELD, "-t " + t + ": more threads than a process can have (" + MAX_THREADS + ")");
        }
        if (n > 1_000_000) {
            throw new ConfigException(FIELD, "-n " + n + ": too many chunks (at most 1000000)");
        }
        if (bigS > 86_400) {
            throw new ConfigException(FIELD, "-S " + bigS + ": at most one day (86400 s) of simulated time");
        }
        if (s > (1L << 31)) {
            throw new ConfigException(FIELD, "-s " + s + ": chunk size above 2 GiB (ebizzy keeps it in an unsigned int)");
        }
        return new EbizzyOptions(l, m, bigM, (int) n, p, bigP, r, s, (int) bigS, (int) t, v, z, bigT);
    }

    private static long positive(Getopt.Opt o, String what) {
        long v = Getopt.atoi(o.arg());
        if (v <= 0) {
            throw new ConfigException(FIELD, "-" + o.letter() + " " + o.arg() + ": must be a positive number of " + what);
        }
        return v;
    }
}
