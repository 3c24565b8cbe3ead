package numasim.vm;

import numasim.sim.Event;

/** System calls by name (perf's syscalls:sys_enter_* counts). */
public enum SyscallEvent implements Event {
    MMAP(Info.of("syscall:mmap", Unit.EVENTS, "mmap")),
    MUNMAP(Info.of("syscall:munmap", Unit.EVENTS, "munmap")),
    MPROTECT(Info.of("syscall:mprotect", Unit.EVENTS, "mprotect")),
    BRK(Info.of("syscall:brk", Unit.EVENTS, "brk")),
    MADVISE(Info.of("syscall:madvise", Unit.EVENTS, "madvise")),
    READ(Info.of("syscall:read", Unit.EVENTS, "read (files and pipes)")),
    WRITE(Info.of("syscall:write", Unit.EVENTS, "write (files and pipes)")),
    LSEEK(Info.of("syscall:lseek", Unit.EVENTS, "lseek")),
    GETPPID(Info.of("syscall:getppid", Unit.EVENTS, "getppid (lmbench's null system call)")),
    FUTEX(Info.of("syscall:futex", Unit.EVENTS, "futex (FUTEX_WAIT and FUTEX_WAKE)")),
    SCHED_YIELD(Info.of("syscall:sched_yield", Unit.EVENTS, "sched_yield")),
    FORK(Info.of("syscall:fork", Unit.EVENTS, "fork")),
    CLONE(Info.of("syscall:clone", Unit.EVENTS, "clone of a thread (pthread_create)")),
    EXECVE(Info.of("syscall:execve", Unit.EVENTS, "execve")),
    USERFAULTFD(Info.of("syscall:userfaultfd", Unit.EVENTS, "userfaultfd")),
    TGKILL(Info.of("syscall:tgkill", Unit.EVENTS, "tgkill (raise)")),
    RT_SIGPROCMASK(Info.of("syscall:rt_sigprocmask", Unit.EVENTS, "rt_sigprocmask")),
    RT_SIGRETURN(Info.of("syscall:rt_sigreturn", Unit.EVENTS, "rt_sigreturn"));

    private final Info info;

    SyscallEvent(Info info) {
        this.info = info;
    }

    @Override
    public Info info() {
        return info;
    }
}
