package numasim.workloads;

import java.util.ArrayList;
import java.util.List;

import numasim.topology.ConfigException;

/**
 * POSIX getopt(3) over an option string such as {@code "lmMn:pPRs:S:t:vzT"}: grouped flags ({@code -mTt 16}),
 * attached arguments ({@code -t16}), {@code --} ending the options. Like GNU getopt, non-options are
 * skipped over and returned as operands.
 */
public final class Getopt {
    /** One parsed option: its letter and argument (null for a flag). */
    public record Opt(char letter, String arg) {
    }

    private final List<Opt> options = new ArrayList<>();
    private final List<String> operands = new ArrayList<>();

    public Getopt(String optstring, List<String> args, String field) {
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--")) {
                operands.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (!a.startsWith("-") || a.equals("-")) {
                operands.add(a);
                continue;
            }
            for (int j = 1; j < a.length(); j++) {
                char c = a.charAt(j);
                int at = optstring.indexOf(c);
                if (at < 0 || c == ':') {
                    throw new ConfigException(field, "unknown option -" + c);
                }
                boolean takesArg = at + 1 < optstring.length() && optstring.charAt(at + 1) == ':';
                if (!takesArg) {
                    options.add(new Opt(c, null));
                    continue;
                }
                String arg;
                if (j + 1 < a.length()) {
                    arg = a.substring(j + 1);
                } else if (i + 1 < args.size()) {
                    arg = args.get(++i);
                } else {
                    throw new ConfigException(field, "option -" + c + " requires an argument");
                }
                options.add(new Opt(c, arg));
                break;
            }
        }
    }

    public List<Opt> options() {
        return options;
    }

    public List<String> operands() {
        return operands;
    }

    /** atoi(3): the leading decimal integer, 0 if there is none. */
    public static long atoi(String s) {
        String t = s.strip();
        int i = 0;
        boolean neg = false;
        if (i < t.length() && (t.charAt(i) == '-' || t.charAt(i) == '+')) {
            neg = t.charAt(i) == '-';
            i++;
        }
        long v = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i)) && v < Long.MAX_VALUE / 20) {
            v = v * 10 + (t.charAt(i++) - '0');
        }
        return neg ? -v : v;
    }
}
