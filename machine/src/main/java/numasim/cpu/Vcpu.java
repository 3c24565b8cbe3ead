package numasim.cpu;

import numasim.topology.Cost;
import numasim.topology.Costs;

/**
 * A guest CPU as the host runs it: a thread on one physical CPU that it shares with {@code host_load}
 * other runnable host threads under the host's CFS. While the guest has work for it, the vCPU runs in
 * host slices and is preempted in between (the guest cannot tell unless it has steal time); when the
 * guest CPU goes idle it halts: KVM polls for {@code halt_poll_ns} if nothing else wants the physical CPU,
 * else schedules it out at once, and a later interrupt must wake it through the host's scheduler.
 *
 * <p>The schedule while runnable is a sequence of segments (the vCPU's or the other threads'), derived
 * from CFS's rule of running the thread with the least vruntime: the vCPU's vruntime grows with its own
 * running time, the others' (one fluid value: they are many and alike) with theirs divided among them.
 * Segments are made lazily as the guest's time advances; a halt drops the ones after it.
 */
public final class Vcpu {
    private final double others;
    /** Wall time per ns of work when the physical CPU is shared finely (host_slice 0): 1 + host_load. */
    private final double stretch;
    private final double slice;
    private final double wakeupGranularity;
    private final double sleeperCredit;
    private final double kick;
    private final double pollMax;
    private final double cstateExit;
    private final double pollResume;
    /** This vCPU's own halt_poll_ns (grows from 10 us while blocks are short, drops to 0 after a long one). */
    private double poll;
    /**
     * Segments while runnable, oldest first from {@code first}: start, end, vruntime of the vCPU and of the
     * others at start, 1 if the vCPU runs.
     */
    private final java.util.ArrayList<double[]> segments = new java.util.ArrayList<>();
    private int first;
    private boolean halted;
    private double haltAt;
    private double vAtHalt;
    private double othersAtHalt;
    private final long[] preemptions;
    private final double[] stolen;
    private final long[] pollWakeups;
    private final long[] hostWakeups;
    private boolean lastRan;

    /** {@code phase}: where in the host's rotation this vCPU starts, 0-1 (drawn per vCPU). */
    public Vcpu(Costs costs, double phase, numasim.sim.Counters counters) {
        this.preemptions = counters.counter(KvmEvent.PREEMPTIONS);
        this.stolen = counters.time(KvmEvent.STEAL);
        this.pollWakeups = counters.counter(KvmEvent.HALT_POLL_WAKEUPS);
        this.hostWakeups = counters.counter(KvmEvent.HOST_WAKEUPS);
        this.others = costs.raw(Cost.HOST_LOAD);
        this.slice = costs.ns(Cost.HOST_SLICE);
        this.stretch = 1 + others;
        this.wakeupGranularity = costs.ns(Cost.HOST_WAKEUP_GRANULARITY);
        this.sleeperCredit = costs.ns(Cost.HOST_SLEEPER_CREDIT);
        this.kick = costs.ns(Cost.VCPU_KICK);
        this.pollMax = costs.ns(Cost.HALT_POLL_NS);
        this.cstateExit = costs.ns(Cost.IDLE_WAKEUP);
        this.pollResume = costs.ns(Cost.VM_EXIT);
        // the guest boots idle: halted, at a random place in the host's rotation of the others' turns
        halted = true;
        haltAt = others > 0 ? -phase * slice : 0;
    }

    /** True when the vCPU has dedicated physical CPUs: it is never preempted while runnable. */
    boolean dedicated() {
        return others <= 0;
    }

    /** Shared so finely (host_slice 0) that the vCPU simply runs at 1 / (1 + host_load) of the physical CPU. */
    boolean fluid() {
        return others > 0 && slice <= 0;
    }

    /** When {@code work} ns of running time begun at {@code from} are done (preempted spans do not count). */
    double advance(double from, double work) {
        if (dedicated()) {
            return from + work;
        }
        if (fluid()) {
            stolen[0] += work * others;
            return from + work * stretch;
        }
        double t = from;
        int i = segmentAt(t);
        while (true) {
            double[] s = segments.get(i);
            if (s[4] == 1) {
                t = Math.max(t, s[0]);
                if (t + work <= s[1]) {
                    return t + work;
                }
                work -= s[1] - t;
            }
            t = s[1];
            i = next(i);
        }
    }

    /** The first time at or after {@code t} at which the vCPU runs (an interrupt is handled, a spinner looks again). */
    double runningAt(double t) {
        if (dedicated() || fluid()) {
            return t;
        }
        int i = segmentAt(t);
        while (segments.get(i)[4] != 1) {
            i = next(i);
        }
        return Math.max(t, segments.get(i)[0]);
    }

    /** True when the host has the vCPU scheduled out at {@code t} (preempted, or halted and not polling). */
    boolean preemptedAt(double t) {
        if (halted) {
            return t >= haltAt + (dedicated() ? poll : 0);
        }
        return !dedicated() && !fluid() && segments.get(segmentAt(t))[4] != 1;
    }

    /** The guest CPU went idle at {@code t}: HLT exits to the host. */
    void halt(double t) {
        if (!dedicated() && !fluid()) {
            int i = segmentAt(t);
            double[] s = segments.get(i);
            vAtHalt = s[2] + (s[4] == 1 ? t - s[0] : 0);
            othersAtHalt = s[3] + (s[4] == 1 ? 0 : (t - s[0]) / others);
            account(i, t);
            segments.clear();
            first = 0;
        }
        halted = true;
        haltAt = t;
    }

    /**
     * An interrupt reaches the halted vCPU at {@code t}: when it runs again. With dedicated physical CPUs a
     * wake-up within the poll window resumes at once, a later one pays the host's wake-up and the physical
     * CPU's C-state exit; on a shared physical CPU the vCPU is placed behind min_vruntime by the sleeper
     * credit and preempts the running thread only if it is more than the wake-up granularity behind it,
     * else it waits for that thread's slice to end.
     */
    double wake(double t) {
        if (!halted) {
            return runningAt(t);
        }
        if (t < haltAt) { // woken while still handling the interrupt that woke it last: it never halted
            halted = false;
            if (!dedicated() && !fluid()) {
                segments.add(new double[] {haltAt, haltAt + slice, vAtHalt, othersAtHalt, 1});
            }
            return runningAt(t);
        }
        halted = false;
        double block = t - haltAt;
        if (dedicated()) {
            boolean polled = block <= poll;
            double resume = polled ? t + pollResume : t + kick + cstateExit;
            (polled ? pollWakeups : hostWakeups)[0]++;
            adaptPoll(block);
            return resume;
        }
        if (fluid()) { // polling stops at once (another thread is runnable): the host wakes the thread
            hostWakeups[0]++;
            return t + kick;
        }
        double othersNow = othersAtHalt + block / others;
        double v = Math.max(vAtHalt, othersNow - sleeperCredit);
        double resume;
        if (othersNow - v > wakeupGranularity) {
            resume = t + kick;
        } else {
            resume = haltAt + Math.ceil(block / slice + 1e-12) * slice + kick; // the running thread's turn ends
        }
        stolen[0] += resume - t;
        hostWakeups[0]++;
        lastRan = true;
        segments.add(new double[] {resume, resume + slice, v, othersNow + (resume - t) / others, 1});
        return resume;
    }

    /** kvm_vcpu_block's rule (Linux 4.17): grow after a short block, reset after one longer than halt_poll_ns. */
    private void adaptPoll(double block) {
        if (pollMax <= 0 || block <= poll) {
            return;
        }
        if (poll > 0 && block > pollMax) {
            poll = 0; // halt_poll_ns_shrink = 0: back to no polling
        } else if (poll < pollMax && block < pollMax) {
            poll = Math.min(poll == 0 ? 10_000 : poll * 2, pollMax);
        }
    }

    boolean halted() {
        return halted;
    }

    /** Drops segments that ended before {@code now}, counting the preemptions and stolen time they held. */
    void prune(double now) {
        if (halted || dedicated() || fluid()) {
            return;
        }
        int i = first;
        while (i < segments.size() - 1 && segments.get(i)[1] < now) {
            i++;
        }
        if (i > first) {
            account(i, segments.get(i)[0]);
            first = i;
        }
        if (first > 4096) {
            segments.subList(0, first).clear();
            first = 0;
        }
    }

    /** Counts segments {@code first..i-1} whole and segment {@code i} up to {@code t}. */
    private void account(int i, double t) {
        for (int k = first; k <= i; k++) {
            double[] s = segments.get(k);
            double end = k < i ? s[1] : t;
            if (s[4] != 1) {
                stolen[0] += Math.max(0, end - s[0]);
                if (lastRan && end > s[0]) {
                    preemptions[0]++;
                }
                lastRan = false;
            } else if (end > s[0]) {
                lastRan = true;
            }
        }
        double[] s = segments.get(i);
        if (t > s[0]) {
            // the part of segment i already counted must not be counted again
            double[] rest = {t, s[1], s[2] + (s[4] == 1 ? t - s[0] : 0), s[3] + (s[4] == 1 ? 0 : (t - s[0]) / others), s[4]};
            segments.set(i, rest);
        }
    }

    private int segmentAt(double t) {
        if (halted) {
            throw new IllegalStateException("a halted vCPU has no schedule (asked at " + t + ")");
        }
        int i = first;
        while (t >= segments.get(i)[1]) {
            i = next(i);
        }
        return i;
    }

    /** The index after {@code i}, its segment made if need be: the least vruntime runs next, for one host slice. */
    private int next(int i) {
        if (i + 1 < segments.size()) {
            return i + 1;
        }
        double[] s = segments.get(i);
        double len = s[1] - s[0];
        double v = s[2] + (s[4] == 1 ? len : 0);
        double o = s[3] + (s[4] == 1 ? 0 : len / others);
        segments.add(new double[] {s[1], s[1] + slice, v, o, v <= o ? 1 : 0});
        return i + 1;
    }
}
