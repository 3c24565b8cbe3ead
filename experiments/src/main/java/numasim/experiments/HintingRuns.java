package numasim.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import numasim.hinting.HintingMonitor;
import numasim.host.Host;
import numasim.host.HostEvent;
import numasim.host.HostSpec;
import numasim.kernel.Kernel;
import numasim.kernel.KernelFeatures;
import numasim.sim.Sim;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;
import numasim.workloads.Workload;

/** Runs guests behind a host for the hinting reproductions and keeps what they need of each guest. */
final class HintingRuns {
    /** What one guest of a run left: its samples over time, its figures, its workload's metrics. */
    record GuestResult(List<HintingMonitor.Sample> samples, Map<String, Object> figures, Map<String, Object> workload) {
        /** Samples of one node, in time order. */
        List<HintingMonitor.Sample> node(int n) {
            return samples.stream().filter(s -> s.node() == n).toList();
        }
    }

    /** A guest to boot: its machine, kernel and program. */
    record Guest(MachineSpec spec, KernelFeatures features, Workload workload) {
    }

    /** A run of guests on one host (one clock); {@code peak} is the host's peak resident memory. */
    record HostResult(List<GuestResult> guests, long peakResidentBytes, long swapOutPages) {
    }

    private HintingRuns() {
    }

    static HostResult run(HostSpec hostSpec, List<Guest> guests, long seed, double sampleNs) {
        Sim sim = new Sim("host", seed);
        Host host = new Host(hostSpec);
        List<Kernel> kernels = new ArrayList<>();
        double limit = 0;
        for (int i = 0; i < guests.size(); i++) {
            Guest g = guests.get(i);
            Kernel k = new Kernel(g.spec(), g.features(), seed + i, sim);
            k.attachHost(host, sampleNs);
            g.workload().start(k.userEnv());
            kernels.add(k);
            limit = Math.max(limit, g.workload().limitNs());
        }
        Kernel.runAll(kernels, limit);
        List<GuestResult> out = new ArrayList<>();
        for (int i = 0; i < guests.size(); i++) {
            Kernel k = kernels.get(i);
            out.add(new GuestResult(List.copyOf(k.hintingMonitor().samples()), HintingFigures.metrics(k),
                    new LinkedHashMap<>(guests.get(i).workload().report().metrics())));
        }
        return new HostResult(out, host.peakResidentBytes(), host.counters().get(HostEvent.SWAP_OUT));
    }

    /** A guest machine made from a preset with other topology figures (as an experiment file's inline machine). */
    static MachineSpec derive(String preset, String name, String description, Map<String, Object> topology) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("inherit", preset);
        doc.put("name", name);
        doc.put("description", description);
        doc.put("topology", new LinkedHashMap<>(topology));
        return MachineSpecs.fromMap(doc, "machine.");
    }

    /** Mean of {@code v} over the samples of node {@code n} from {@code fromS} on. */
    static double meanFrom(List<HintingMonitor.Sample> node, double fromS) {
        return node.stream().filter(s -> s.timeS() >= fromS - 1e-9).mapToDouble(HintingMonitor.Sample::coveragePct).average().orElse(Double.NaN);
    }
}
