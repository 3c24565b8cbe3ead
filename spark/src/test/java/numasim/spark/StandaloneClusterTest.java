package numasim.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import numasim.experiments.Sweep;
import numasim.experiments.engine.LocalEngine;
import numasim.experiments.engine.SweepEngine;

/**
 * Integration: a Spark standalone master and one worker on 127.0.0.1, started from this build's own
 * class path (Spark's Master and Worker main classes), run a small sweep submitted to
 * spark://127.0.0.1:PORT; its runs.csv must equal the local engine's. Both are stopped at the end.
 */
@Tag("integration")
class StandaloneClusterTest {
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process start(Path sparkHome, Path log, String... mainAndArgs) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(System.getProperty("numasim.spark.opens", "").split(" ")).stream().filter(s -> !s.isBlank()).toList());
        cmd.addAll(List.of("-Xmx512m", "-cp", System.getProperty("java.class.path")));
        cmd.addAll(List.of(mainAndArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    private static void awaitPort(int port, long timeoutMs) throws InterruptedException {
        long end = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < end) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("nothing listens on port " + port + " after " + timeoutMs + " ms");
    }

    @Test
    void aSweepOnAStandaloneMasterAndWorkerGivesTheLocalEnginesRunsCsv(@TempDir Path dir) throws Exception {
        Path sparkHome = Files.createDirectories(dir.resolve("spark-home/jars"));
        int masterPort = freePort();
        Process master = start(sparkHome.getParent(), dir.resolve("master.log"), "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(freePort()));
        Process worker = null;
        try {
            awaitPort(masterPort, 60_000);
            worker = start(sparkHome.getParent(), dir.resolve("worker.log"), "org.apache.spark.deploy.worker.Worker",
                    "spark://127.0.0.1:" + masterPort, "--host", "127.0.0.1", "--cores", "2", "--memory", "2g", "--webui-port", String.valueOf(freePort()),
                    "--work-dir", dir.resolve("work").toString());
            Thread.sleep(3000); // the worker registers with the master
            System.setProperty("spark.executor.extraClassPath", System.getProperty("java.class.path"));
            System.setProperty("spark.executor.memory", "1g");
            System.setProperty("spark.driver.host", "127.0.0.1");
            System.setProperty("spark.driver.bindAddress", "127.0.0.1");
            Sweep onCluster = new Sweep(SparkEngineTest.sweepFile(dir, dir.resolve("cluster").toString()), null);
            var o = onCluster.run(SparkEngineTest.spark(), new SweepEngine.Options(2, "spark://127.0.0.1:" + masterPort, false),
                    new PrintWriter(new StringWriter()), false);
            assertTrue(o.failures().isEmpty(), o.failures().toString());
            try (var apps = Files.list(dir.resolve("work"))) {
                assertTrue(apps.anyMatch(a -> a.getFileName().toString().startsWith("app-")), "the worker launched an executor for the sweep");
            }
            new Sweep(SparkEngineTest.sweepFile(dir, dir.resolve("local").toString()), null)
                    .run(new LocalEngine(), new SweepEngine.Options(2, null, false), new PrintWriter(new StringWriter()), false);
            assertEquals(Files.readString(dir.resolve("local/runs.csv")), Files.readString(dir.resolve("cluster/runs.csv")));
        } finally {
            for (String p : List.of("spark.executor.extraClassPath", "spark.executor.memory", "spark.driver.host", "spark.driver.bindAddress")) {
                System.clearProperty(p);
            }
            if (worker != null) {
                worker.destroy();
                worker.waitFor();
            }
            master.destroy();
            master.waitFor();
        }
    }
}
