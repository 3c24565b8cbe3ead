package numasim.kernel;

import java.util.List;

import numasim.cpu.IpiEvent;
import numasim.cpu.KvmEvent;
import numasim.cpu.SchedEvent;
import numasim.cpu.TlbEvent;
import numasim.hinting.HintingEvent;
import numasim.host.HostEvent;
import numasim.mm.MmEvent;
import numasim.sim.Counters;
import numasim.sim.Event;
import numasim.sync.RwSemEvent;
import numasim.vm.DaxEvent;
import numasim.vm.FaultEvent;
import numasim.vm.GuardEvent;
import numasim.vm.PageCacheEvent;
import numasim.vm.SpfEvent;
import numasim.vm.SyscallEvent;
import numasim.vm.UffdEvent;
import numasim.vm.VmaEvent;

/** Every subsystem's event enum, registered at boot: what a run's counters are. */
public final class Events {
    public static final List<Class<? extends Event>> ALL = List.of(SchedEvent.class, IpiEvent.class, TlbEvent.class, MmEvent.class,
            FaultEvent.class, SpfEvent.class, VmaEvent.class, PageCacheEvent.class, GuardEvent.class, UffdEvent.class, DaxEvent.class,
            SyscallEvent.class, SignalEvent.class, RwSemEvent.class, HintingEvent.class, HostEvent.class, KvmEvent.class);

    private Events() {
    }

    /** Every event, in registration order. */
    public static List<Event> all() {
        return ALL.stream().flatMap(type -> java.util.Arrays.stream(type.getEnumConstants())).map(e -> (Event) e).toList();
    }

    /** The events that have a /proc/vmstat line: their key and that line's name, in registration order. */
    public static java.util.Map<String, String> vmstatNames() {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        all().stream().filter(e -> e.vmstat() != null).forEach(e -> m.put(e.key(), e.vmstat()));
        return m;
    }

    /** The counters of a machine with {@code nodes} NUMA nodes, every event at 0. */
    public static Counters boot(int nodes) {
        Counters c = new Counters(nodes);
        ALL.forEach(c::register);
        return c;
    }
}
