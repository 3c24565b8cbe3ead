package numasim.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;

/**
 * Runs independent simulations on a pool of worker threads. Each simulation stays single-threaded and
 * seeded, so results do not depend on the number of workers; they come back in submission order.
 */
public final class Runner {
    private Runner() {
    }

    public static <T> List<T> all(List<Supplier<T>> jobs, int workers) {
        if (jobs.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(workers, jobs.size())), r -> {
            Thread t = new Thread(r, "numasim-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> futures = new ArrayList<>();
            for (Supplier<T> j : jobs) {
                futures.add(pool.submit(j::get));
            }
            List<T> out = new ArrayList<>();
            for (Future<T> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
