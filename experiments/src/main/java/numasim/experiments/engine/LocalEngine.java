package numasim.experiments.engine;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/** Worker threads of this process, as many as --jobs. */
public final class LocalEngine implements SweepEngine {
    @Override
    public String name() {
        return "local";
    }

    @Override
    public void run(List<SweepTask> tasks, Options options, Consumer<SweepTaskResult> onResult) {
        if (tasks.isEmpty()) {
            return;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(options.jobs(), tasks.size())), r -> {
            Thread t = new Thread(r, "numasim-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = tasks.stream().<Future<?>>map(t -> pool.submit(() -> {
                SweepTaskResult r = SweepTasks.execute(t);
                synchronized (onResult) {
                    onResult.accept(r);
                }
            })).toList();
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }
}
