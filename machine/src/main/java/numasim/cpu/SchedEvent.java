package numasim.cpu;

import numasim.sim.Event;

/** Scheduler events (perf's context-switches, cpu-migrations) and timer ticks. */
public enum SchedEvent implements Event {
    CONTEXT_SWITCHES(new Info("sched:context_switches", Unit.EVENTS, "a CPU switched from one task to another", false, "context-switches", null)),
    VOLUNTARY_SWITCHES(new Info("sched:voluntary_switches", Unit.EVENTS, "switches away from a task that blocked (nvcsw)", false, "context-switches:voluntary", null)),
    INVOLUNTARY_SWITCHES(new Info("sched:involuntary_switches", Unit.EVENTS, "switches away from a task that was preempted (nivcsw)", false, "context-switches:involuntary", null)),
    MIGRATIONS(new Info("sched:migrations", Unit.EVENTS, "a task moved to another CPU (wake-up placement, idle pull, active balance)", false, "cpu-migrations", null)),
    ACTIVE_BALANCES(Info.of("sched:active_balances", Unit.EVENTS, "the stopper moved a running task to an idle core (active load balancing)")),
    TICKS(Info.of("irq:ticks", Unit.EVENTS, "scheduler tick interrupts handled on busy CPUs"));

    private final Info info;

    SchedEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
