package numasim.kernel;

/** getrusage(RUSAGE_SELF): user and system time and context switches of all threads of a process. */
public record Rusage(double userNs, double sysNs, long voluntarySwitches, long involuntarySwitches) {
    public Rusage minus(Rusage o) {
        return new Rusage(userNs - o.userNs, sysNs - o.sysNs, voluntarySwitches - o.voluntarySwitches,
                involuntarySwitches - o.involuntarySwitches);
    }
}
