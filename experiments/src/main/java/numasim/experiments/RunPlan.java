package numasim.experiments;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The runs a reproduction declares, by key (a case, a kernel, a seed), each with the name of its file
 * under runs/; runs with the same configuration are simulated once and shared. They run on worker
 * threads; results keep the declaration order.
 */
final class RunPlan<K, R> {
    /** Saves one run's record to a file. */
    interface Saver<R> {
        void save(Path file, R run) throws IOException;
    }

    /** A declared run and, once run, its result. */
    record Done<K, R>(K key, R result) {
    }

    private final List<K> keys = new ArrayList<>();
    private final List<String> files = new ArrayList<>();
    private final List<String> configs = new ArrayList<>();
    private final Map<String, Supplier<R>> distinct = new LinkedHashMap<>();

    /** Run {@code key}, saved as {@code file}, whose simulation is shared with every other run of the same {@code config}. */
    RunPlan<K, R> add(K key, String file, String config, Supplier<R> run) {
        keys.add(key);
        files.add(file);
        configs.add(config);
        distinct.putIfAbsent(config, run);
        return this;
    }

    /** Run {@code key} of its own, saved as {@code file}. */
    RunPlan<K, R> add(K key, String file, Supplier<R> run) {
        return add(key, file, file, run);
    }

    /** Simulates every distinct configuration on {@code jobs} workers, then saves each declared run under {@code dir}. */
    Results<K, R> run(int jobs, Path dir, Saver<R> saver) throws IOException {
        List<String> order = new ArrayList<>(distinct.keySet());
        List<R> outcomes = Runner.all(new ArrayList<>(distinct.values()), jobs);
        List<Done<K, R>> done = new ArrayList<>();
        Files.createDirectories(dir);
        for (int i = 0; i < keys.size(); i++) {
            R r = outcomes.get(order.indexOf(configs.get(i)));
            done.add(new Done<>(keys.get(i), r));
            saver.save(dir.resolve(files.get(i)), r);
        }
        return new Results<>(done);
    }

    /** What a plan's runs gave, in declaration order. */
    record Results<K, R>(List<Done<K, R>> all) {
        /** Every result, in declaration order. */
        List<R> results() {
            return all.stream().map(Done::result).toList();
        }

        /** The results whose key passes {@code which}, in order. */
        List<R> where(Predicate<K> which) {
            return all.stream().filter(d -> which.test(d.key())).map(Done::result).toList();
        }

        /** The one result whose key passes {@code which}. */
        R one(Predicate<K> which) {
            List<R> l = where(which);
            if (l.size() != 1) {
                throw new IllegalStateException(l.size() + " runs match, one expected");
            }
            return l.get(0);
        }
    }
}
