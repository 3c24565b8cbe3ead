package numasim.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

class ParallelRunsTest {
    /** Simulations on worker threads must not collide in DSOL's shared naming context, and stay deterministic. */
    @Test
    void manySimulationsRunConcurrently() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Long>> fs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                fs.add(pool.submit(() -> {
                    Sim sim = new Sim("t", 1);
                    long[] n = {0};
                    for (int j = 0; j < 100; j++) {
                        sim.at(j, () -> n[0]++);
                    }
                    sim.runUntilIdle(1e9);
                    return n[0] + sim.events();
                }));
            }
            for (Future<Long> f : fs) {
                assertEquals(200L, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
