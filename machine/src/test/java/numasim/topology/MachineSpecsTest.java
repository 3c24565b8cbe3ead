package numasim.topology;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MachineSpecsTest {
    @Test
    void everyPresetLoadsWithASourceForEveryCost() {
        for (String p : MachineSpecs.PRESETS) {
            MachineSpec s = MachineSpecs.load(p);
            for (Cost c : Cost.values()) {
                assertTrue(s.costs().source(c) != null && !s.costs().source(c).isBlank(), p + ": " + c.key + " has no source");
            }
        }
    }

    @Test
    void everyPresetCostHasAPhysicalRangeThatHoldsItsValue() {
        for (String p : MachineSpecs.PRESETS) {
            MachineSpec s = MachineSpecs.load(p);
            for (Cost c : Cost.values()) {
                CostRange r = s.costs().range(c);
                assertTrue(r != null && !r.source().isBlank(), p + ": " + c.key + " has no range with a source");
                double v = c.unit == Cost.Unit.LIST ? s.costs().smtThroughputs()[s.costs().smtThroughputs().length - 1] : s.costs().raw(c);
                assertTrue(r.contains(v) || s.costs().outOfRange(c) != null, p + ": " + c.key + " = " + v + " outside " + r);
            }
        }
    }

    @Test
    void theSmallPresetsTakeTheirCostsFromTheBigOnesAndOverrideOnlyWhatTheirSizeChanges() {
        MachineSpec big = MachineSpecs.load("skylake-4s-192");
        MachineSpec small = MachineSpecs.load("two-node-test");
        assertEquals(2, small.shape().sockets(), "the preset's own topology wins");
        assertEquals("two-node-test", small.name());
        assertEquals(4_000_000, small.costs().raw(Cost.BALANCE_INTERVAL), 0, "a 4-CPU socket's balance interval");
        assertEquals(48_000_000, big.costs().raw(Cost.BALANCE_INTERVAL), 0);
        for (Cost c : new Cost[] {Cost.IPI_SOCKET, Cost.IPI_REMOTE, Cost.LINE_REMOTE, Cost.MEM_LOCAL, Cost.SYSCALL_ENTRY}) {
            assertEquals(big.costs().raw(c), small.costs().raw(c), 0, c.key + " comes from skylake-4s-192");
            assertEquals(big.costs().source(c), small.costs().source(c), c.key + "'s source comes with it");
        }
        MachineSpec guest = MachineSpecs.load("two-node-guest");
        assertEquals(MachineSpecs.load("x86-kvm-16").costs().raw(Cost.IPI_SEND), guest.costs().raw(Cost.IPI_SEND), 0);
        assertEquals(0, guest.costs().raw(Cost.HOST_LOAD), 0, "the hinting guest's vCPUs have their own physical CPUs");
        assertTrue(guest.kvm().pvIpi(), "its newer guest kernel's PV IPI");
    }

    @Test
    void aValueOutsideItsRangeIsRefusedUnlessTheFileSaysWhy(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.yaml");
        Files.writeString(f, """
                inherit: skylake-4s-192
                costs:
                  mem_local: {value: 300, source: "measured: a slow box"}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> MachineSpecs.load(f.toString()));
        assertTrue(e.getMessage().contains("costs.mem_local.value: outside its physical range [80, 90]"), e.getMessage());
        Files.writeString(f, """
                inherit: skylake-4s-192
                costs:
                  mem_local: {value: 300, source: "measured: a slow box", out_of_range: "DRAM under a memory-bandwidth hog"}
                """);
        MachineSpec s = MachineSpecs.load(f.toString());
        assertEquals(300, s.costs().raw(Cost.MEM_LOCAL));
        assertEquals(80, s.costs().range(Cost.MEM_LOCAL).lo(), "the preset's range is inherited");
        assertEquals("DRAM under a memory-bandwidth hog", s.costs().outOfRange(Cost.MEM_LOCAL));
    }

    @Test
    void aNewValueDropsTheInheritedSpreadAndASpreadMustLieInsideTheRange(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.yaml");
        Files.writeString(f, """
                inherit: skylake-4s-192
                costs:
                  line_socket: {value: 48, source: "measured"}
                """);
        MachineSpec s = MachineSpecs.load(f.toString());
        assertEquals(null, s.costs().spread(Cost.LINE_SOCKET), "the preset's spread belonged to its value");
        Files.writeString(f, """
                inherit: skylake-4s-192
                costs:
                  line_socket: {value: 48, source: "measured", spread: [40, 60]}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> MachineSpecs.load(f.toString()));
        assertTrue(e.getMessage().contains("costs.line_socket.spread: must lie inside the range [47, 51]"), e.getMessage());
    }

    @Test
    void presetsHaveTheTopologiesTheReferenceGives() {
        MachineSpec p8 = MachineSpecs.load("power8-80");
        assertEquals(80, p8.cpus());
        assertEquals(2, p8.nodes());
        assertEquals(65536, p8.pageSize());
        assertEquals(9, p8.maxOrder());
        MachineSpec skl = MachineSpecs.load("skylake-4s-192");
        assertEquals(192, skl.cpus());
        assertEquals(4, skl.nodes());
        assertEquals(768L << 30, skl.memoryPerNode() * skl.nodes());
        MachineSpec kvm = MachineSpecs.load("x86-kvm-16");
        assertEquals(16, kvm.cpus());
        assertTrue(kvm.guest());
        assertEquals(24, kvm.costs().count(Cost.WALK_REFS), "guest walks are two-dimensional");
    }

    @Test
    void linuxCpuNumbering() {
        Topology skl = new Topology(MachineSpecs.load("skylake-4s-192"));
        // x86: CPUs 0-95 are the first threads of every core, 96-191 their siblings
        assertEquals(Topology.Reach.SMT, skl.reach(0, 96));
        assertEquals(Topology.Reach.SOCKET, skl.reach(0, 1));
        assertEquals(Topology.Reach.REMOTE, skl.reach(0, 24));
        assertEquals(1, skl.nodeOf(24));
        Topology p8 = new Topology(MachineSpecs.load("power8-80"));
        // POWER: the 8 threads of a core are consecutive
        assertEquals(Topology.Reach.SMT, p8.reach(0, 7));
        assertEquals(Topology.Reach.SOCKET, p8.reach(0, 8));
        assertEquals(1, p8.nodeOf(40));
    }

    @Test
    void fallbackOrderFollowsSlitDistances(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.yaml");
        Files.writeString(f, """
                inherit: skylake-4s-192
                name: ring
                topology:
                  distances: [[10, 21, 31, 21], [21, 10, 21, 31], [31, 21, 10, 21], [21, 31, 21, 10]]
                """);
        Topology t = new Topology(MachineSpecs.load(f.toString()));
        assertArrayEquals(new int[] {0, 1, 3, 2}, t.fallbackOrder(0));
        assertArrayEquals(new int[] {2, 1, 3, 0}, t.fallbackOrder(2));
        Topology skl = new Topology(MachineSpecs.load("skylake-4s-192"));
        assertArrayEquals(new int[] {2, 0, 1, 3}, skl.fallbackOrder(2));
    }

    @Test
    void badMachineFileReportsEveryProblemNamingTheField(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("bad.yaml");
        Files.writeString(f, """
                inherit: x86-kvm-16
                topology:
                  sockets: 0
                  cores_per_socket: many
                  colour: blue
                memory:
                  page_size: 3K
                costs:
                  zero_page: {value: -1, source: x}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> MachineSpecs.load(f.toString()));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("topology.sockets: must be between 1 and 64, got 0"), all);
        assertTrue(all.contains("topology.cores_per_socket: must be a whole number"), all);
        assertTrue(all.contains("topology.colour: unknown field"), all);
        assertTrue(all.contains("memory.page_size: must be a power of two"), all);
        assertTrue(all.contains("costs.zero_page.value: must be non-negative"), all);
    }

    @Test
    void unknownPresetAndMalformedYaml(@TempDir Path dir) throws Exception {
        ConfigException e = assertThrows(ConfigException.class, () -> MachineSpecs.load("cray-1"));
        assertTrue(e.getMessage().startsWith("machine: unknown preset or file 'cray-1'"), e.getMessage());
        Path f = dir.resolve("broken.yaml");
        Files.writeString(f, "topology: [unclosed\n");
        ConfigException e2 = assertThrows(ConfigException.class, () -> MachineSpecs.load(f.toString()));
        assertTrue(e2.getMessage().contains("is not valid YAML"), e2.getMessage());
        assertEquals(1, e2.problems().size());
    }

    @Test
    void missingCostsAreNamed(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.yaml");
        Files.writeString(f, """
                name: tiny
                topology: {sockets: 1, cores_per_socket: 2, threads_per_core: 1, memory_per_node: 1G}
                memory: {}
                costs:
                  cpu_ghz: {value: 2.0}
                """);
        ConfigException e = assertThrows(ConfigException.class, () -> MachineSpecs.load(f.toString()));
        String all = String.join("\n", e.problems());
        assertTrue(all.contains("costs.cpu_ghz.source: missing"), all);
        assertTrue(all.contains("costs.zero_page: missing"), all);
    }
}
