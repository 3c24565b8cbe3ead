package numasim.spark;

import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;

/** Spark logs through slf4j into numasim's logback: quiet (errors only) unless --verbose asks for INFO. */
final class SparkLogging {
    private SparkLogging() {
    }

    static void quiet(boolean quiet) {
        if (LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) instanceof Logger root) {
            Level level = quiet ? Level.ERROR : Level.INFO;
            root.setLevel(level);
            for (String name : new String[] {"org.apache.spark", "org.sparkproject", "io.netty", "org.apache.hadoop"}) {
                ((Logger) LoggerFactory.getLogger(name)).setLevel(quiet ? Level.ERROR : Level.INFO);
            }
        }
    }
}
