package dev.vmem.editor.map;

import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.report.BackingExposure;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Trace;
import dev.vmem.engine.report.VmExposure;
import dev.vmem.engine.report.VmLayout;
import dev.vmem.engine.report.VmLayout.BackingView;
import dev.vmem.engine.report.VmLayout.DirectMap;
import dev.vmem.engine.report.VmLayout.MappingView;
import dev.vmem.engine.report.VmLayout.Range;
import dev.vmem.engine.report.VmLayout.SlotView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Engine reports built by hand, of any shape: from one 16 KiB slot to 32,000 slots over 1 TiB, with
 * holes of any size, private ranges, one backing for all slots or one per slot, findings on every kind
 * of element (by origin and by data) and on the VM, and names and messages with markup characters,
 * non-Latin text and control characters. Deterministic for a seed.
 */
final class SyntheticReports {

    static final long KIB = 1024;
    static final long MIB = KIB * 1024;
    static final long GIB = MIB * 1024;
    static final long TIB = GIB * 1024;

    private static final Rule[] RULES = {Rule.GUP_ON_SECRET_MEMORY, Rule.PFNCACHE_UNMAPPED_PFN, Rule.MISALIGNED,
        Rule.EXPOSURE_WINDOW, Rule.HIBERNATION_BLOCKED, Rule.COREDUMP_OMITS_GUEST_MEMORY, Rule.MEMSLOT_OVERLAP,
        Rule.DIRECT_MAP_EXPOSURE};

    private static final String[] ODD = {"<script>alert(1)</script>", "a & b", "\"quoted\" 'single'", "]]>",
        "tab\tand\nnewline", "ctl\u0001\u001f", "non-Latin: 中文 ελληνικά кириллица", "emoji 🦀", "lone \uD800 surrogate",
        "x".repeat(300)};

    private SyntheticReports() {
    }

    /** The shape of a generated VM. */
    record Shape(long seed, int slots, long totalBytes, int backingMode, int findings, boolean oddText) {
        @Override
        public String toString() {
            return "seed " + seed + ", " + slots + " slots over " + Units.size(totalBytes) + ", backings "
                    + (backingMode == 0 ? "one" : backingMode == 1 ? "per slot" : "few") + ", " + findings
                    + " findings" + (oddText ? ", odd text" : "");
        }
    }

    static Report report(Shape shape) {
        return report(List.of(shape));
    }

    static Report report(List<Shape> shapes) {
        var findings = new ArrayList<Finding>();
        var exposures = new ArrayList<VmExposure>();
        var layouts = new ArrayList<VmLayout>();
        int v = 0;
        for (Shape shape : shapes) {
            vm(shape, "vm" + v++, findings, exposures, layouts);
        }
        return new Report(findings, exposures, List.of(), List.of(), List.of(), true, layouts);
    }

    private static void vm(Shape shape, String defaultName, List<Finding> findings, List<VmExposure> exposures,
            List<VmLayout> layouts) {
        var r = new Random(shape.seed());
        String vm = shape.oddText() && r.nextBoolean() ? defaultName + ODD[r.nextInt(ODD.length)] : defaultName;
        int n = shape.slots();
        long slotSize = Math.max(4 * KIB, (shape.totalBytes() / n) & ~(4 * KIB - 1));

        // backings
        int backingCount = switch (shape.backingMode()) {
            case 0 -> 1;
            case 1 -> n;
            default -> 1 + r.nextInt(Math.min(n, 8));
        };
        var backings = new ArrayList<BackingView>();
        var kinds = BackingKind.values();
        var dms = DirectMap.values();
        long[] slotSizes = new long[n];
        for (int i = 0; i < n; i++) {
            int m = r.nextInt(20);
            slotSizes[i] = m == 0 ? slotSize * 2 : m == 1 && slotSize >= 8 * KIB ? slotSize / 2 : slotSize;
        }
        long[] backingSize = new long[backingCount];
        for (int i = 0; i < n; i++) {
            backingSize[i % backingCount] += slotSizes[i];
        }
        for (int b = 0; b < backingCount; b++) {
            String name = "b" + b + (shape.oddText() && b == 0 ? ODD[r.nextInt(ODD.length)] : "");
            var flags = new ArrayList<String>();
            if (r.nextInt(3) == 0) {
                flags.add("mmap");
            }
            if (r.nextInt(3) == 0) {
                flags.add("no_direct_map");
            }
            backings.add(new BackingView(name, kinds[r.nextInt(kinds.length)], backingSize[b], flags,
                    dms[r.nextInt(dms.length)], Origin.named(vm + "/backing " + b)));
        }

        // mappings: most backings mapped, at increasing addresses with the odd hole
        var mappings = new ArrayList<MappingView>();
        long addr = 0x7f00_0000_0000L;
        long[] mappingStart = new long[backingCount];
        for (int b = 0; b < backingCount; b++) {
            mappingStart[b] = -1;
            if (r.nextInt(10) == 0) {
                continue;
            }
            long len = backingSize[b];
            long populated = switch (r.nextInt(3)) {
                case 0 -> 0;
                case 1 -> len;
                default -> (len / 2) & ~(4 * KIB - 1);
            };
            mappings.add(new MappingView(backings.get(b).name(), addr, len,
                    r.nextBoolean() ? Sharing.SHARED : Sharing.PRIVATE, populated, Origin.named(vm + "/map " + b)));
            mappingStart[b] = addr;
            addr += len + (r.nextInt(8) == 0 ? GIB : 0);
        }

        // slots: mostly contiguous, some holes, a few huge ones
        var slots = new ArrayList<SlotView>();
        long gpa = r.nextInt(4) == 0 ? GIB : 0;
        long[] offsetInBacking = new long[backingCount];
        for (int i = 0; i < n; i++) {
            int b = i % backingCount;
            long size = slotSizes[i];
            boolean mapped = mappingStart[b] >= 0;
            boolean gmem = r.nextInt(3) == 0;
            var flags = r.nextInt(15) == 0 ? List.of("log_dirty_pages") : List.<String>of();
            slots.add(new SlotView(i, gpa, size, mapped ? backings.get(b).name() : "", offsetInBacking[b],
                    gmem ? backings.get(b).name() : "", offsetInBacking[b], gmem && r.nextBoolean(), flags,
                    Origin.named(vm + "/slot " + i)));
            offsetInBacking[b] += size;
            int hole = r.nextInt(50);
            gpa += size + (hole == 0 ? TIB : hole == 1 ? 4 * KIB : hole == 2 ? size * 3 : 0);
        }

        // private ranges: a few long ones, and many short ones for many slots
        var privateRanges = new ArrayList<Range>();
        long span = gpa;
        int ranges = n > 100 ? n / 2 : r.nextInt(4);
        long cursor = 0;
        for (int i = 0; i < ranges && cursor < span; i++) {
            long start = cursor + (long) (r.nextDouble() * (span - cursor) / Math.max(1, ranges - i));
            start &= ~(4 * KIB - 1);
            long size = Math.max(4 * KIB, (long) (r.nextDouble() * (span / Math.max(1, ranges))) & ~(4 * KIB - 1));
            privateRanges.add(new Range(start, size));
            cursor = start + size;
        }

        layouts.add(new VmLayout(vm, Origin.named(vm), "Linux 6.18 x86_64 + synthetic " + shape.seed(), slots,
                privateRanges, mappings, backings));

        // exposure
        var be = new ArrayList<BackingExposure>();
        long guest = 0;
        long dm = 0;
        long removed = 0;
        for (BackingView b : backings) {
            long g = b.size();
            long d = b.directMap() == DirectMap.PRESENT || b.directMap() == DirectMap.HARDWARE_PROTECTED ? g : 0;
            long hw = b.directMap() == DirectMap.HARDWARE_PROTECTED ? g : 0;
            long rm = b.directMap() == DirectMap.REMOVED ? g : 0;
            be.add(new BackingExposure(b.name(), b.origin(), b.kind(), g, d, hw, rm, "synthetic"));
            guest += g;
            dm += d;
            removed += rm;
        }
        exposures.add(new VmExposure(vm, Origin.named(vm), guest, dm, removed, removed / (2 * MIB), be));

        // findings: on slots, mappings, backings (by origin or data), the VM, and the exposure line
        for (int i = 0; i < shape.findings(); i++) {
            Rule rule = RULES[r.nextInt(RULES.length)];
            String message = rule.title() + (shape.oddText() && r.nextInt(3) == 0 ? " " + ODD[r.nextInt(ODD.length)]
                    : "") + (r.nextInt(4) == 0 ? " — " + "and a long explanation of the kernel path ".repeat(4) : "");
            Origin origin;
            Map<String, String> data = new HashMap<>();
            switch (r.nextInt(6)) {
                case 0 -> origin = Origin.named(vm + "/slot " + r.nextInt(n));
                case 1 -> origin = mappings.isEmpty() ? Origin.named(vm)
                        : mappings.get(r.nextInt(mappings.size())).origin();
                case 2 -> origin = Origin.named(vm + "/backing " + r.nextInt(backingCount));
                case 3 -> {
                    origin = Origin.named(vm + "/device");
                    data.put("slot", Integer.toString(r.nextInt(n)));
                }
                case 4 -> {
                    origin = Origin.named(vm + "/clock");
                    data.put("backing", backings.get(r.nextInt(backingCount)).name());
                }
                default -> origin = Origin.named(vm);
            }
            findings.add(new Finding(rule, rule.severity(), message, origin, Outcome.OK, List.of(),
                    Trace.builder("synthetic").build(), vm, data));
        }
    }
}
