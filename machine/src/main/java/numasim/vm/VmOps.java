package numasim.vm;

import numasim.cpu.Task;

/**
 * vm_operations_struct: what a VMA's backing does. Each backing (anonymous memory, a page-cache file,
 * shmem, hugetlbfs, DAX) is one instance made at boot; mmap gives a VMA its backing's ops, and the fault
 * path, userfaultfd and zap dispatch through them instead of testing the VMA's kind.
 */
interface VmOps {
    long EINVAL = -22;
    long ENOENT = -2;

    /** vm_ops->pagesize (vma_kernel_pagesize): the unit mappings of this backing are made and split in. */
    long pagesize();

    /**
     * The fault on an entry that is none or lacks the access (handle_pte_fault's part for this backing),
     * with mmap_sem held; it ends with {@code vmf.finish(outcome)}, possibly after sleeping (a disk read).
     */
    void fault(VmFault vmf);

    /** The missing or minor userfault this fault raises in a VMA registered with a userfaultfd, or null. */
    default Outcome userfault(VmFault vmf) {
        return null;
    }

    /** vma_can_userfault (the seed era's rules): may this backing register {@code vmFlags} (VM_UFFD_*)? */
    default boolean canUserfault(int vmFlags, long features) {
        return false;
    }

    /** UFFDIO_COPY ({@code copy}) or UFFDIO_ZEROPAGE into {@code [dst, dst + len)} of {@code v}: 0 or a negative errno. */
    default long fill(Task t, Mm mm, Vma v, long dst, long len, boolean copy) {
        return ENOENT;
    }

    /** UFFDIO_CONTINUE of {@code [start, start + len)} of {@code v}: 0 or a negative errno. */
    default long cont(Task t, Mm mm, Vma v, long start, long len) {
        return EINVAL;
    }

    /**
     * zap_pte_range for a cleared entry that mapped this backing's own page {@code pfn} (a page-cache or
     * device page: the file keeps it). Anonymous pages, copies in private file mappings included, the zap
     * itself frees.
     */
    default void zapFilePage(long pfn) {
    }

    /** The ioctls UFFDIO_REGISTER offers for a range of this backing (hugetlbfs has no ZEROPAGE). */
    default long registerIoctls(long ioctls) {
        return ioctls;
    }
}
