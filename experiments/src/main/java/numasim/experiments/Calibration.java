package numasim.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import numasim.topology.Cost;
import numasim.topology.MachineSpec;
import numasim.topology.MachineSpecs;

/** Lists the preset parameters declared as fitted to a published table, for summary.json and table.md. */
final class Calibration {
    private Calibration() {
    }

    static List<Map<String, Object>> of(List<String> presets) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (String preset : presets) {
            MachineSpec spec = MachineSpecs.load(preset);
            for (Cost cost : Cost.values()) {
                String src = spec.costs().source(cost);
                if (src != null && src.startsWith("calibrated:")) {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("machine", preset);
                    m.put("parameter", cost.key);
                    m.put("value", cost.unit == Cost.Unit.LIST ? java.util.Arrays.toString(spec.costs().smtThroughputs()) : spec.costs().raw(cost));
                    m.put("unit", cost.unit.label);
                    m.put("source", src);
                    out.add(m);
                }
            }
        }
        return out;
    }

    static String markdown(List<Map<String, Object>> calibrated) {
        StringBuilder md = new StringBuilder();
        if (calibrated.isEmpty()) {
            return "- none: every cost of these presets is a physical parameter with its source and range (`numasim machine show`)\n";
        }
        for (Map<String, Object> cal : calibrated) {
            md.append(String.format(java.util.Locale.ROOT, "- %s `%s` = %s %s (%s)%n", cal.get("machine"), cal.get("parameter"), cal.get("value"),
                    cal.get("unit"), cal.get("source")));
        }
        return md.toString();
    }
}
