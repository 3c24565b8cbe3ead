package numasim.vm;

/**
 * The backings a VMA can have, one ops instance each, made once at boot; {@link #of} is what a file's
 * f_op->mmap does when it gives a new VMA its vm_ops.
 */
final class Backings {
    final AnonOps anon;
    final FileOps file;
    final ShmemOps shmem;
    final HugetlbOps hugetlb;
    /** Null without a DAX device. */
    final DaxOps dax;

    Backings(AnonOps anon, FileOps file, ShmemOps shmem, HugetlbOps hugetlb, DaxOps dax) {
        this.anon = anon;
        this.file = file;
        this.shmem = shmem;
        this.hugetlb = hugetlb;
        this.dax = dax;
    }

    /** The ops of a mapping of {@code f} (null: anonymous memory). */
    VmOps of(File f) {
        if (f == null) {
            return anon;
        }
        return switch (f.fs) {
            case DISK -> file;
            case TMPFS -> shmem;
            case HUGETLBFS -> hugetlb;
            case DAX -> dax;
        };
    }
}
