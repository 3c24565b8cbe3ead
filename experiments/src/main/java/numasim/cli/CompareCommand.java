package numasim.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import numasim.experiments.Compare;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code numasim compare A B}: LKP compare's table over two sets of runs. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = "Compare two runs, experiments, sweeps or reproductions as LKP's compare does: base ±%stddev, %change, new ±%stddev, metric,"
                + " for every result figure and kernel counter, with a t-test mark (paired by seed where both sides ran the same seeds).",
        footer = {"", "Example:", "  numasim run ebizzy --kernel base --out A -- -mTt 16 -S 2",
            "  numasim run ebizzy --kernel spf --out B -- -mTt 16 -S 2", "  numasim compare A B"})
final class CompareCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "the base: a run folder, an experiment's, a sweep's or a reproduction's (or one run JSON)")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "the new side, the same kinds")
    Path b;

    @Option(names = "--all", description = "show unchanged metrics too")
    boolean all;

    @Override
    public Integer call() {
        var ra = Compare.load(a, "A");
        var rb = Compare.load(b, "B");
        spec.commandLine().getOut().print(Compare.render(ra, rb, a.getFileName() == null ? a.toString() : a.getFileName().toString(),
                b.getFileName() == null ? b.toString() : b.getFileName().toString(), all));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
