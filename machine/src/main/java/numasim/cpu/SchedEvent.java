package numasim.cpu;

import numasim.sim.Event;

/** Scheduler events (perf's context-switches, cpu-migrations) and timer ticks. */
public enum SchedEvent implements Event {
    CONTEXT_SWITCHES("sched:context_switches", Unit.EVENTS, "a CPU switched from one task to another", false, "context-switches", null),
    VOLUNTARY_SWITCHES("sched:voluntary_switches", Unit.EVENTS, "switches away from a task that blocked (nvcsw)", false, "context-switches:voluntary", null),
    INVOLUNTARY_SWITCHES("sched:involuntary_switches", Unit.EVENTS, "switches away from a task that was preempted (nivcsw)", false, "context-switches:involuntary", null),
    MIGRATIONS("sched:migrations", Unit.EVENTS, "a task moved to another CPU (wake-up placement, idle pull, active balance)", false, "cpu-migrations", null),
    ACTIVE_BALANCES("sched:active_balances", Unit.EVENTS, "the stopper moved a running task to an idle core (active load balancing)"),
    TICKS("irq:ticks", Unit.EVENTS, "scheduler tick interrupts handled on busy CPUs");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;
    private final String perf;
    private final String vmstat;

    SchedEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    SchedEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    SchedEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
        this.key = key;
        this.unit = unit;
        this.description = description;
        this.perNode = perNode;
        this.perf = perf;
        this.vmstat = vmstat;
    }

    @Override
    public String key() {
        return key;
    }

    @Override
    public Unit unit() {
        return unit;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public boolean perNode() {
        return perNode;
    }

    @Override
    public String perfLabel() {
        return perf;
    }

    @Override
    public String vmstat() {
        return vmstat;
    }
}
