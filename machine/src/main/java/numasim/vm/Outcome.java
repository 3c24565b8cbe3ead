package numasim.vm;

/**
 * What a fault came to, as the kernel's VM_FAULT_* codes say it: a page is mapped now, there was nothing
 * to do, the fault went to a userfaultfd (drop mmap_sem, sleep, retry), or a fatal signal.
 */
public sealed interface Outcome permits Outcome.Mapped, Outcome.Spurious, Outcome.Userfault, Outcome.Signal {
    /** A translation is installed: a new page, the zero page, or a copy-on-write copy. */
    enum Mapped implements Outcome {
        PAGE, ZERO_PAGE, COW
    }

    /** Another CPU mapped it first, or the entry already allowed the access. */
    enum Spurious implements Outcome {
        SPURIOUS
    }

    /**
     * VM_FAULT_RETRY from handle_userfault: the message is queued on {@code ctx}; once mmap_sem is dropped
     * the thread sleeps on {@code waiter} until a resolution wakes it, then the fault is retried.
     */
    record Userfault(Userfaultfd ctx, Userfaultfd.Waiter waiter) implements Outcome {
    }

    /** VM_FAULT_SIGSEGV (no VMA, no permission, a guard marker) and VM_FAULT_SIGBUS (nothing behind the mapping). */
    enum Signal implements Outcome {
        SEGV, SIGBUS
    }
}
