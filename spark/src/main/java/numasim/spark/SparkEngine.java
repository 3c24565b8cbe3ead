package numasim.spark;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;

import numasim.experiments.engine.SweepEngine;
import numasim.experiments.engine.SweepTask;
import numasim.experiments.engine.SweepTaskResult;
import numasim.experiments.engine.SweepTasks;
import numasim.topology.ConfigException;

/**
 * Runs a sweep's tasks on Apache Spark: embedded {@code local[jobs]} unless a master is given
 * ({@code spark://host:7077}, {@code yarn}, {@code k8s://...}). Each (point, replication) is one Spark
 * task carrying its experiment as a JSON document and returning its run record as JSON; each task is its
 * own job, so results reach the driver (and the sweep folder) as they finish, in the order Spark's FIFO
 * scheduler runs them. Spark retries a task whose executor is lost; a simulation that fails comes back as
 * a failed result and is not retried.
 */
public final class SparkEngine implements SweepEngine {
    private static final Pattern LOCAL = Pattern.compile("local(\\[(\\*|[1-9][0-9]*)(,[1-9][0-9]*)?\\])?");

    @Override
    public String name() {
        return "spark";
    }

    /** The master as given, after checking its form and, for a standalone master, that it answers. */
    static String checkMaster(String master) {
        if (LOCAL.matcher(master).matches() || master.equals("yarn")) {
            return master;
        }
        if (master.startsWith("spark://") || master.startsWith("k8s://") || master.startsWith("mesos://")) {
            URI uri;
            try {
                uri = URI.create(master.startsWith("k8s://") ? master.substring("k8s://".length()) : master);
            } catch (IllegalArgumentException e) {
                throw new ConfigException("--master", "not a master URL: '" + master + "'");
            }
            if (master.startsWith("spark://")) {
                if (uri.getHost() == null || uri.getPort() < 0) {
                    throw new ConfigException("--master", "must be spark://HOST:PORT, got '" + master + "'");
                }
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 3000);
                } catch (IOException e) {
                    throw new ConfigException("--master", "cannot reach " + master + ": " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
                }
            }
            return master;
        }
        throw new ConfigException("--master", "not a Spark master: '" + master + "' (local[N], spark://HOST:PORT, yarn, k8s://URL)");
    }

    @Override
    public void check(Options options) {
        if (options.master() != null) {
            checkMaster(options.master());
        }
    }

    @Override
    public void run(List<SweepTask> tasks, Options options, Consumer<SweepTaskResult> onResult) {
        if (tasks.isEmpty()) {
            return;
        }
        // spark-submit passes its --master as the spark.master property
        String master = options.master() != null ? checkMaster(options.master()) : System.getProperty("spark.master", "local[" + options.jobs() + "]");
        SparkLogging.quiet(!options.verbose());
        SparkConf conf = new SparkConf(true).setAppName("numasim sweep").setMaster(master)
                .set("spark.ui.showConsoleProgress", String.valueOf(options.verbose()))
                .setIfMissing("spark.ui.enabled", String.valueOf(options.verbose()))
                .setIfMissing("spark.task.maxFailures", "4")
                .setIfMissing("spark.scheduler.mode", "FIFO");
        if (master.startsWith("local")) {
            conf.setIfMissing("spark.driver.host", "127.0.0.1").setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            Function<SweepTask, SweepTaskResult> execute = SweepTasks::execute;
            List<JavaFutureAction<List<SweepTaskResult>>> jobs = new ArrayList<>();
            for (SweepTask t : tasks) {
                JavaRDD<SweepTask> one = sc.parallelize(List.of(t), 1);
                jobs.add(one.map(execute).collectAsync());
            }
            List<JavaFutureAction<List<SweepTaskResult>>> pending = new ArrayList<>(jobs);
            while (!pending.isEmpty()) {
                boolean any = false;
                for (var it = pending.iterator(); it.hasNext();) {
                    JavaFutureAction<List<SweepTaskResult>> f = it.next();
                    if (f.isDone()) {
                        it.remove();
                        any = true;
                        for (SweepTaskResult r : f.get()) {
                            onResult.accept(r);
                        }
                    }
                }
                if (!any) {
                    Thread.sleep(20);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable c = e.getCause();
            throw new IllegalStateException("a Spark task failed after its retries: " + (c == null ? e : c.getMessage()), c);
        }
    }
}
