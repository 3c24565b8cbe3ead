package numasim.vm;

/**
 * What every backing's ops are made with (the address-space code's shared pieces), and the parts they
 * have in common: base pages as their unit.
 */
abstract class BackingOps implements VmOps {
    /** The shared pieces, made once at boot. */
    record Kit(VmEnv env, PageTables tables, PageCache cache, PteInstall install, Mfill mfill, FaultCounters counters) {
    }

    final VmEnv env;
    final PageTables tables;
    final PageCache cache;
    final PteInstall install;
    final Mfill mfill;
    final FaultCounters c;

    BackingOps(Kit kit) {
        this.env = kit.env();
        this.tables = kit.tables();
        this.cache = kit.cache();
        this.install = kit.install();
        this.mfill = kit.mfill();
        this.c = kit.counters();
    }

    @Override
    public long pagesize() {
        return env.pageSize();
    }
}
