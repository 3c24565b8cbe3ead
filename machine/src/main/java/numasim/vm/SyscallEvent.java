package numasim.vm;

import numasim.sim.Event;

/** System calls by name (perf's syscalls:sys_enter_* counts). */
public enum SyscallEvent implements Event {
    MMAP("syscall:mmap", Unit.EVENTS, "mmap"),
    MUNMAP("syscall:munmap", Unit.EVENTS, "munmap"),
    MPROTECT("syscall:mprotect", Unit.EVENTS, "mprotect"),
    BRK("syscall:brk", Unit.EVENTS, "brk"),
    MADVISE("syscall:madvise", Unit.EVENTS, "madvise"),
    READ("syscall:read", Unit.EVENTS, "read (files and pipes)"),
    WRITE("syscall:write", Unit.EVENTS, "write (files and pipes)"),
    LSEEK("syscall:lseek", Unit.EVENTS, "lseek"),
    GETPPID("syscall:getppid", Unit.EVENTS, "getppid (lmbench's null system call)"),
    FORK("syscall:fork", Unit.EVENTS, "fork"),
    CLONE("syscall:clone", Unit.EVENTS, "clone of a thread (pthread_create)"),
    EXECVE("syscall:execve", Unit.EVENTS, "execve"),
    USERFAULTFD("syscall:userfaultfd", Unit.EVENTS, "userfaultfd"),
    TGKILL("syscall:tgkill", Unit.EVENTS, "tgkill (raise)"),
    RT_SIGPROCMASK("syscall:rt_sigprocmask", Unit.EVENTS, "rt_sigprocmask"),
    RT_SIGRETURN("syscall:rt_sigreturn", Unit.EVENTS, "rt_sigreturn");

    private final String key;
    private final Unit unit;
    private final String description;
    private final boolean perNode;
    private final String perf;
    private final String vmstat;

    SyscallEvent(String key, Unit unit, String description) {
        this(key, unit, description, false, null, null);
    }

    SyscallEvent(String key, Unit unit, String description, boolean perNode) {
        this(key, unit, description, perNode, null, null);
    }

    SyscallEvent(String key, Unit unit, String description, boolean perNode, String perf, String vmstat) {
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
