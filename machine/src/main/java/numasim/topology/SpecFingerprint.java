package numasim.topology;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import com.google.common.hash.Hashing;

/**
 * A SHA-256 of everything a machine spec makes the model do (shape, distances, memory, MMU, KVM
 * switches, every cost with its spread), so that two run records say whether they ran the same machine
 * even when one came from a preset and the other from a file. Names, descriptions and sources are left
 * out: they change no number.
 */
public final class SpecFingerprint {
    private SpecFingerprint() {
    }

    public static String of(MachineSpec m) {
        StringBuilder s = new StringBuilder();
        MachineSpec.Shape sh = m.shape();
        s.append("guest=").append(m.guest()).append(";shape=").append(sh.sockets()).append(',').append(sh.coresPerSocket()).append(',')
                .append(sh.threadsPerCore()).append(',').append(sh.nodesPerSocket()).append(',').append(sh.cpuNumbering())
                .append(";distances=").append(Arrays.deepToString(sh.distances()));
        s.append(";memory=").append(m.memory()).append(";kvm=").append(m.kvm());
        Costs c = m.costs();
        for (Cost k : Cost.values()) {
            s.append(';').append(k.key).append('=');
            if (k.unit == Cost.Unit.LIST) {
                s.append(Arrays.toString(c.smtThroughputs()));
            } else {
                s.append(c.raw(k));
                double[] spread = c.spread(k);
                if (spread != null) {
                    s.append(Arrays.toString(spread));
                }
            }
        }
        return Hashing.sha256().hashString(s.toString(), StandardCharsets.UTF_8).toString();
    }
}
