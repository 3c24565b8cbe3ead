package numasim.topology;

/** Sockets, NUMA nodes, cores and hardware threads of a machine, numbered as Linux numbers them. */
public final class Topology {
    /** How far apart two CPUs are, for cache-line transfers and IPI delivery. */
    public enum Reach { SELF, SMT, SOCKET, REMOTE }

    private final MachineSpec spec;
    private final int[] socketOf;
    private final int[] coreOf;
    private final int[] threadOf;
    private final int[] nodeOf;

    public Topology(MachineSpec spec) {
        this.spec = spec;
        int n = spec.cpus();
        socketOf = new int[n];
        coreOf = new int[n];
        threadOf = new int[n];
        nodeOf = new int[n];
        int cores = spec.coresPerSocket();
        int coresPerNode = Math.max(1, cores / spec.nodesPerSocket());
        for (int s = 0; s < spec.sockets(); s++) {
            for (int c = 0; c < cores; c++) {
                for (int t = 0; t < spec.threadsPerCore(); t++) {
                    int id = spec.cpuNumbering().equals("smt-consecutive")
                            ? (s * cores + c) * spec.threadsPerCore() + t
                            : t * (spec.sockets() * cores) + s * cores + c;
                    socketOf[id] = s;
                    coreOf[id] = s * cores + c;
                    threadOf[id] = t;
                    nodeOf[id] = s * spec.nodesPerSocket() + Math.min(c / coresPerNode, spec.nodesPerSocket() - 1);
                }
            }
        }
    }

    public MachineSpec spec() {
        return spec;
    }

    public int cpus() {
        return socketOf.length;
    }

    public int nodes() {
        return spec.nodes();
    }

    public int cores() {
        return spec.sockets() * spec.coresPerSocket();
    }

    public int socketOf(int cpu) {
        return socketOf[cpu];
    }

    public int coreOf(int cpu) {
        return coreOf[cpu];
    }

    public int threadOf(int cpu) {
        return threadOf[cpu];
    }

    public int nodeOf(int cpu) {
        return nodeOf[cpu];
    }

    public int distance(int nodeA, int nodeB) {
        return spec.distances()[nodeA][nodeB];
    }

    public Reach reach(int cpuA, int cpuB) {
        if (cpuA == cpuB) {
            return Reach.SELF;
        }
        if (coreOf[cpuA] == coreOf[cpuB]) {
            return Reach.SMT;
        }
        return socketOf[cpuA] == socketOf[cpuB] ? Reach.SOCKET : Reach.REMOTE;
    }

    /** Nodes ordered by SLIT distance from {@code node} (itself first), ties by id: the zonelist order. */
    public int[] fallbackOrder(int node) {
        Integer[] order = new Integer[nodes()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> a.equals(b) ? 0
                : distance(node, a) != distance(node, b) ? Integer.compare(distance(node, a), distance(node, b))
                : a == node ? -1 : b == node ? 1 : Integer.compare(a, b));
        return java.util.Arrays.stream(order).mapToInt(Integer::intValue).toArray();
    }
}
