package numasim.cli;

import java.io.PrintWriter;

import numasim.kernel.FatalSignal;
import numasim.mm.OutOfMemory;
import numasim.sim.InvariantViolation;
import numasim.topology.ConfigException;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The numasim command line. Exit codes: 0 success, 1 a run failed, 2 bad input. */
@Command(name = "numasim", mixinStandardHelpOptions = true, version = "numasim " + Numasim.VERSION,
        description = "Discrete-event emulator of NUMA machines running Linux's memory-management stack.",
        footer = {"", "Example:", "  numasim run ebizzy --machine x86-kvm-16 --seed 1 -- -mTt 16 -S 2"},
        subcommands = {RunCommand.class, ReproduceCommand.class, RuntestCommand.class, CompareCommand.class, SchemaCommand.class, SweepCommand.class, MachineCommand.class, BenchCommand.class, MicrobenchCommand.class, SensitivityCommand.class, ListCommand.class, CommandLine.HelpCommand.class})
public final class Numasim implements Runnable {
    public static final String VERSION = numasim.experiments.Provenance.VERSION;
    public static final int EXIT_RUN_FAILED = 1;
    public static final int EXIT_BAD_INPUT = 2;

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Numasim());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            String cmd = ex.getCommandLine().getCommandName();
            err.println("numasim" + (cmd.equals("numasim") ? "" : " " + cmd) + ": " + ex.getMessage()
                    + " (see --help)");
            return EXIT_BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            if (ex instanceof ConfigException ce) {
                for (String p : ce.problems()) {
                    err.println("numasim: " + p);
                }
                return EXIT_BAD_INPUT;
            }
            if (ex instanceof InvariantViolation || ex instanceof OutOfMemory || ex instanceof FatalSignal) {
                err.println("numasim: run failed: " + ex.getMessage());
                return EXIT_RUN_FAILED;
            }
            err.println("numasim: internal error: " + ex);
            ex.printStackTrace(err);
            return EXIT_RUN_FAILED;
        });
        return cl.execute(args);
    }
}
