package dev.vmem.importers;

import dev.vmem.importers.Args.Word;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * QEMU: a command line or an argument file ({@code qemu-system-x86_64 -m 4G -object ... \}). Options,
 * properties and defaults follow research/vmm-configs.md §3 (qapi/qom.json, qemu-options.hx,
 * hw/i386/pc_q35.c); the mapping table is in docs/importers.md. Options QEMU does not know are refused;
 * properties of memory backends are checked against qapi's lists.
 */
public final class QemuImporter implements Importer {

    /** Options that take no argument. */
    static final Set<String> FLAGS = Set.of("enable-kvm", "nographic", "no-reboot", "no-shutdown", "S", "s", "daemonize",
            "mem-prealloc", "no-hpet", "nodefaults", "no-user-config", "snapshot", "full-screen", "no-acpi", "version", "help",
            "no-fd-bootchk", "no-frame", "alt-grab", "ctrl-grab", "no-quit", "old-param", "only-migratable", "preconfig",
            "usb", "win2k-hack", "no-kvm", "enable-fips", "semihosting", "curses", "sdl", "portrait", "singlestep", "perfmap", "jitdump");
    /** Options with an argument that says nothing about guest memory. */
    static final Set<String> IGNORED = Set.of("name", "display", "vga", "serial", "monitor", "qmp", "qmp-pretty", "kernel", "append",
            "initrd", "bios", "boot", "pidfile", "uuid", "rtc", "global", "fsdev", "virtfs", "k", "D", "d", "L", "trace", "msg",
            "sandbox", "runas", "chroot", "run-with", "fw_cfg", "smbios", "incoming", "loadvm", "vnc", "spice", "audiodev", "audio",
            "iscsi", "tpmdev", "parallel", "mon", "add-fd", "sd", "pflash", "mtdblock", "hda", "hdb", "hdc", "hdd", "cdrom", "fda",
            "fdb", "net", "nic", "icount", "watchdog-action", "action", "semihosting-config", "plugin", "compat", "set", "readconfig",
            "writeconfig", "option-rom", "prom-env", "acpitable", "chardev", "cpu", "accel", "smp", "dtb", "g", "device-list",
            "echr", "virtioconsole", "show-cursor", "machine-help", "xen-domid", "xen-attach", "gdb", "seed", "dfilter",
            "qtest", "qtest-log", "overcommit", "realtime", "mem-path", "m", "machine", "M", "object", "numa", "device", "netdev",
            "drive", "blockdev");
    static final Set<String> BACKEND_COMMON = Set.of("qom-type", "id", "size", "share", "prealloc", "prealloc-threads",
            "prealloc-context", "merge", "dump", "host-nodes", "policy", "reserve", "x-use-canonical-path-for-ramblock-id");
    static final Set<String> BACKEND_FILE = Set.of("mem-path", "align", "offset", "discard-data", "pmem", "readonly", "rom");
    static final Set<String> BACKEND_MEMFD = Set.of("hugetlb", "hugetlbsize", "seal", "guest-memfd", "x-guest-memfd");

    private static final long MIB = Text.MIB;
    private static final long GIB = Text.GIB;

    @Override
    public ImportResult read(String fileName, String text, ImportOptions options) throws ImportException {
        text = Text.lines(text);
        return new Reader(Args.split(text), new VmPlan(VmmFormat.QEMU, fileName)).run().render(options);
    }

    /** One {@code -object memory-backend-*}. */
    private record Backend(String id, String type, Map<String, String> props, Word word) {
    }

    private static final class Reader {
        private final List<Word> words;
        private final VmPlan plan;
        private final Map<String, Backend> backends = new LinkedHashMap<>();
        private final Map<String, Map<String, String>> objects = new LinkedHashMap<>();
        private final Map<String, Word> objectWords = new LinkedHashMap<>();
        private Map<String, String> machine = Map.of();
        private Word machineWord;
        private Word memWord;
        private Map<String, String> mem = Map.of();
        private final List<Word> numaWords = new ArrayList<>();
        private final List<Word> devices = new ArrayList<>();
        private final List<Word> netdevs = new ArrayList<>();
        private final List<Word> drives = new ArrayList<>();
        private Word memPath;
        private Word memPrealloc;
        private Word overcommit;
        private Word cpuWord;
        private Word smpWord;

        Reader(List<Word> words, VmPlan plan) {
            this.words = words;
            this.plan = plan;
        }

        VmPlan run() throws ImportException {
            int i = 0;
            if (!words.isEmpty() && !words.get(0).text().startsWith("-")) {
                i = 1; // the program
            }
            for (; i < words.size(); i++) {
                Word w = words.get(i);
                String t = w.text();
                if (!t.startsWith("-") || t.equals("-") || t.equals("--")) {
                    throw new ImportException("expected an option, found '" + Text.clean(t) + "'", w.pos());
                }
                String name = t.startsWith("--") ? t.substring(2) : t.substring(1);
                Word arg = null;
                int eq = name.indexOf('=');
                if (eq > 0 && t.startsWith("--")) {
                    arg = new Word(name.substring(eq + 1), w.pos(), w.index());
                    name = name.substring(0, eq);
                }
                if (FLAGS.contains(name)) {
                    if (name.equals("mem-prealloc")) {
                        memPrealloc = w;
                    }
                    continue;
                }
                if (!IGNORED.contains(name)) {
                    throw new ImportException("unknown QEMU option '" + Text.clean(t) + "'", w.pos());
                }
                if (arg == null) {
                    if (i + 1 >= words.size()) {
                        throw new ImportException("option '" + Text.clean(t) + "' needs an argument", w.pos());
                    }
                    arg = words.get(++i);
                }
                switch (name) {
                    case "m" -> {
                        memWord = arg;
                        mem = Args.keyval(arg, "size", true);
                    }
                    case "machine", "M" -> {
                        machineWord = arg;
                        var m = new LinkedHashMap<>(machine);
                        m.putAll(Args.keyval(arg, "type", true));
                        machine = m;
                    }
                    case "object" -> object(arg);
                    case "numa" -> numaWords.add(arg);
                    case "device" -> devices.add(arg);
                    case "netdev" -> netdevs.add(arg);
                    case "drive", "blockdev" -> drives.add(arg);
                    case "mem-path" -> memPath = arg;
                    case "overcommit", "realtime" -> overcommit = arg;
                    case "cpu" -> cpuWord = arg;
                    case "smp" -> smpWord = arg;
                    default -> {
                    }
                }
            }
            build();
            return plan;
        }

        private void object(Word arg) throws ImportException {
            Map<String, String> props;
            if (arg.text().startsWith("{")) {
                props = new LinkedHashMap<>();
                Json.Obj o = Json.object(Json.parse(arg.text()), "-object");
                for (Json.Member m : o.members().values()) {
                    Json.Node v = m.value();
                    props.put(m.name(), v instanceof Json.Str s ? s.value() : v instanceof Json.Num n ? n.text()
                            : v instanceof Json.Bool b ? (b.value() ? "on" : "off") : "");
                }
            } else {
                props = Args.keyval(arg, "qom-type", true);
            }
            String type = props.get("qom-type");
            String id = props.get("id");
            if (type == null || id == null) {
                throw new ImportException("-object needs a type and an id", arg.pos());
            }
            if (objects.containsKey(id)) {
                throw new ImportException("duplicate object id '" + Text.clean(id) + "'", arg.pos());
            }
            objects.put(id, props);
            objectWords.put(id, arg);
            if (type.startsWith("memory-backend-")) {
                var known = new java.util.HashSet<>(BACKEND_COMMON);
                switch (type) {
                    case "memory-backend-ram", "memory-backend-shm" -> { }
                    case "memory-backend-file" -> known.addAll(BACKEND_FILE);
                    case "memory-backend-memfd" -> known.addAll(BACKEND_MEMFD);
                    case "memory-backend-epc" -> {
                        plan.notModelled("-object memory-backend-epc " + id, "SGX enclave page cache", arg.pos());
                        return;
                    }
                    default -> throw new ImportException("unknown memory backend type '" + Text.clean(type) + "'", arg.pos());
                }
                for (String key : props.keySet()) {
                    if (!known.contains(key)) {
                        throw new ImportException("property '" + Text.clean(key) + "' not found in " + type
                                + " (qapi/qom.json MemoryBackend*Properties)", arg.pos());
                    }
                }
                if (!props.containsKey("size")) {
                    throw new ImportException(type + " '" + Text.clean(id) + "' needs size", arg.pos());
                }
                backends.put(id, new Backend(id, type, props, arg));
            }
        }

        private boolean flag(Map<String, String> props, String key, boolean fallback, Word w) throws ImportException {
            String v = props.get(key);
            return v == null ? fallback : Args.toggle(v, key, w);
        }

        private void build() throws ImportException {
            plan.name("qemu", machineWord != null ? machineWord.pos() : words.isEmpty() ? SourcePosition.START : words.get(0).pos());
            String machineType = machine.getOrDefault("type", "pc");
            plan.header("QEMU, machine " + machineType + " on x86_64: RAM below 4 GiB up to the low-memory limit, the rest from 4 GiB");
            plan.header("(hw/i386/pc_q35.c, pc_piix.c); the legacy VGA/ROM hole below 1 MiB is not split out.");

            // Confidential guest.
            String cgs = machine.get("confidential-guest-support");
            String vmType = "default";
            Word cgsWord = machineWord;
            if (cgs != null) {
                Map<String, String> o = objects.get(cgs);
                if (o == null) {
                    throw new ImportException("confidential-guest-support names no -object '" + Text.clean(cgs) + "'", machineWord.pos());
                }
                cgsWord = objectWords.get(cgs);
                vmType = switch (o.get("qom-type")) {
                    case "sev-snp-guest" -> "snp";
                    case "tdx-guest" -> "tdx";
                    case "sev-guest" -> {
                        long policy = parseLong(o.getOrDefault("policy", "0x1"), cgsWord);
                        yield (policy & 0x4) != 0 ? "sev_es" : "sev";
                    }
                    default -> throw new ImportException("confidential-guest-support object '" + Text.clean(cgs)
                            + "' is a " + Text.clean(o.get("qom-type")) + ", not sev-guest, sev-snp-guest or tdx-guest", cgsWord.pos());
                };
            }
            boolean gmemPrivate = vmType.equals("snp") || vmType.equals("tdx");
            plan.add("type " + vmType, cgs == null ? "no confidential-guest-support: KVM_CREATE_VM(0)"
                    : "confidential-guest-support=" + cgs + " (" + objects.get(cgs).get("qom-type") + ")", cgs == null ? plan(machineWord) : cgsWord.pos());
            if (vmType.startsWith("sev")) {
                plan.notModelled("SEV memory registration", "SEV and SEV-ES register all RAM with KVM_MEMORY_ENCRYPT_REG_REGION, which pins it", cgsWord.pos());
            }
            long vcpus = 1;
            if (smpWord != null) {
                Map<String, String> smp = Args.keyval(smpWord, "cpus", false);
                vcpus = parseLong(smp.getOrDefault("cpus", "1"), smpWord);
            }
            plan.add("vcpus " + Math.max(1, vcpus), smpWord == null ? "no -smp: one vCPU" : "-smp", smpWord == null ? plan(machineWord) : smpWord.pos());
            plan.blank();

            // Guest RAM size.
            long ram = 128 * MIB;
            if (memWord != null && mem.containsKey("size")) {
                ram = Args.size(mem.get("size"), 20, "-m size", memWord);
            }
            for (String key : mem.keySet()) {
                if (!Set.of("size", "slots", "maxmem").contains(key)) {
                    throw new ImportException("unknown -m property '" + Text.clean(key) + "'", memWord.pos());
                }
            }
            boolean mergeDefault = flag(machine, "mem-merge", true, machineWord);
            boolean dumpDefault = flag(machine, "dump-guest-core", true, machineWord);

            // Which backends are guest RAM, in guest-address order.
            var ramBackends = new ArrayList<Backend>();
            String main = machine.get("memory-backend");
            for (Word n : numaWords) {
                Map<String, String> numa = Args.keyval(n, "type", true);
                if ("node".equals(numa.get("type")) && numa.containsKey("memdev")) {
                    Backend b = backends.get(numa.get("memdev"));
                    if (b == null) {
                        throw new ImportException("-numa memdev names no memory backend '" + Text.clean(numa.get("memdev")) + "'", n.pos());
                    }
                    ramBackends.add(b);
                }
            }
            if (main != null) {
                Backend b = backends.get(main);
                if (b == null) {
                    throw new ImportException("memory-backend names no memory backend '" + Text.clean(main) + "'", machineWord.pos());
                }
                if (ramBackends.isEmpty()) {
                    ramBackends.add(b);
                }
            }
            if (ramBackends.isEmpty()) {
                // The implicit backend of -m (qemu-options.hx): memory-backend-ram, or -file with -mem-path.
                var props = new LinkedHashMap<String, String>();
                props.put("size", Long.toString(ram));
                if (memPath != null) {
                    props.put("mem-path", memPath.text());
                }
                Word w = memPath != null ? memPath : memWord != null ? memWord : machineWord;
                ramBackends.add(new Backend(machineType.startsWith("q35") || machineType.startsWith("pc") ? "pc_ram" : "ram",
                        memPath != null ? "memory-backend-file" : "memory-backend-ram", props,
                        w == null ? new Word("", SourcePosition.START, 0) : w));
            }

            long total = 0;
            for (Backend b : ramBackends) {
                long size = Args.size(b.props().get("size"), 0, "size", b.word());
                total += size;
                backend(b, size, mergeDefault, dumpDefault, gmemPrivate);
            }
            if (memWord != null && mem.containsKey("size") && total != ram) {
                plan.vmmRefuses("the memory backends add up to " + Text.size(total) + " but -m says " + Text.size(ram)
                        + " (QEMU checks that the backend size matches -m)", memWord.pos());
            }
            plan.blank();

            // Memslots: each backend's share of [0, lowmem) and [4 GiB, ...).
            Long maxBelow = machine.containsKey("max-ram-below-4g")
                    ? Args.size(machine.get("max-ram-below-4g"), 0, "max-ram-below-4g", machineWord) : null;
            var blocks = new ArrayList<QemuLayout.Block>();
            for (Backend b : ramBackends) {
                blocks.add(new QemuLayout.Block(Text.name(b.id(), "ram"), Args.size(b.props().get("size"), 0, "size", b.word()),
                        isGuestMemfd(b), b.word().pos(), b.id()));
            }
            QemuLayout.slots(plan, blocks, QemuLayout.lowmem(machineType.startsWith("q35"), total, maxBelow), gmemPrivate,
                    cgsWord == null ? SourcePosition.START : cgsWord.pos());
            plan.blank();

            // kvmclock: offered by default by QEMU's x86 CPU models under KVM [I]; -cpu ...,-kvmclock or kvmclock=off hides it.
            boolean hidden = false;
            if (cpuWord != null) {
                Map<String, String> cpu = Args.keyval(cpuWord, "model", true);
                hidden = cpu.containsKey("-kvmclock") || "off".equals(cpu.get("kvmclock")) || "false".equals(cpu.get("kvmclock"));
            }
            if (hidden) {
                plan.add("cpuid -kvmclock", "-cpu ...,-kvmclock: KVM_FEATURE_CLOCKSOURCE bits cleared", cpuWord.pos());
            } else if (gmemPrivate) {
                plan.notModelled("kvmclock in an SNP/TDX guest", "the pvclock page of a confidential guest is not modelled (as in examples/qemu-sev-snp.vmem)",
                        cgsWord.pos());
            } else {
                plan.add("clock kvmclock", "QEMU's x86 CPU models offer kvmclock under KVM [I]", cpuWord != null ? cpuWord.pos() : plan(machineWord));
            }
            devices();
        }

        private SourcePosition plan(Word w) {
            return w == null ? (words.isEmpty() ? SourcePosition.START : words.get(0).pos()) : w.pos();
        }

        private static boolean isGuestMemfd(Backend b) {
            String v = b.props().getOrDefault("guest-memfd", b.props().get("x-guest-memfd"));
            return v != null && (v.equals("on") || v.equals("true") || v.equals("yes"));
        }

        /**
         * -overcommit mem-lock=on|on-fault (older: -realtime mlock=on): QEMU calls mlockall(MCL_CURRENT |
         * MCL_FUTURE [| MCL_ONFAULT]) before it allocates guest RAM, so every RAM mapping is VM_LOCKED
         * [D] (qemu-options.hx; os_mlock()). Null when guest RAM is not locked.
         */
        private String memLock() throws ImportException {
            if (overcommit == null) {
                return null;
            }
            Map<String, String> oc = Args.keyval(overcommit, null, true);
            String lock = oc.getOrDefault("mem-lock", oc.getOrDefault("mlock", "off"));
            return lock.equals("off") || lock.equals("false") ? null : lock;
        }

        /** The mapping options QEMU's backend properties ask for, and the comment naming them. */
        private String[] mapOptions(Map<String, String> p, Word w, boolean mergeDefault, boolean dumpDefault, String where)
                throws ImportException {
            var code = new StringBuilder();
            var why = new StringBuilder();
            if (flag(p, "merge", mergeDefault, w)) {
                code.append(" mergeable");
                why.append(p.containsKey("merge") ? "; merge=on" : "; merge (machine mem-merge, on by default)").append(": MADV_MERGEABLE");
            }
            if (!flag(p, "dump", dumpDefault, w)) {
                code.append(" dontdump");
                why.append(p.containsKey("dump") ? "; dump=off" : "; machine dump-guest-core=off").append(": MADV_DONTDUMP");
            }
            if (!flag(p, "reserve", true, w)) {
                code.append(" noreserve");
                why.append("; reserve=off: MAP_NORESERVE");
            }
            String lock = memLock();
            if (lock != null) {
                code.append(" locked").append(lock.equals("on-fault") ? " onfault" : "");
                why.append("; -").append(overcommit.text().startsWith("mlock") ? "realtime" : "overcommit").append(" mem-lock=")
                        .append(lock).append(": mlockall(MCL_CURRENT | MCL_FUTURE").append(lock.equals("on-fault") ? " | MCL_ONFAULT" : "")
                        .append(")");
            }
            String policy = p.getOrDefault("policy", "default");
            if (!policy.equals("default") || p.containsKey("host-nodes")) {
                String nodes = hostNodes(p.get("host-nodes"));
                if ((policy.equals("bind") || policy.equals("preferred") || policy.equals("interleave")) && nodes != null) {
                    code.append(" numa ").append(policy).append(' ').append(nodes);
                    why.append("; policy=").append(policy).append(" host-nodes=").append(Text.clean(p.get("host-nodes")))
                            .append(": mbind()");
                } else {
                    plan.notModelled(where + " policy=" + policy + " host-nodes=" + p.getOrDefault("host-nodes", ""),
                            "mbind() NUMA policy VMem has no construct for (policy default with host-nodes, or without host-nodes)", w.pos());
                }
            }
            return new String[] {code.toString(), why.toString()};
        }

        /** QEMU's host-nodes: N or N-M (a range); null when it is neither. */
        private static String hostNodes(String v) {
            if (v == null || !v.matches("[0-9]{1,4}(-[0-9]{1,4})?")) {
                return null;
            }
            String[] r = v.split("-");
            int lo = Integer.parseInt(r[0]);
            int hi = r.length == 2 ? Integer.parseInt(r[1]) : lo;
            if (hi < lo || hi - lo > 63) {
                return null;
            }
            var out = new StringBuilder();
            for (int n = lo; n <= hi; n++) {
                out.append(n == lo ? "" : ", ").append(n);
            }
            return out.toString();
        }

        /** The file system a mem-path shows: hugetlbfs, tmpfs, device-DAX; null when the path does not show it. */
        static String fileSystem(String path) {
            return Text.fileSystem(path);
        }

        private void backend(Backend b, long size, boolean mergeDefault, boolean dumpDefault, boolean gmemPrivate) throws ImportException {
            String name = Text.name(b.id(), "ram");
            Map<String, String> p = b.props();
            Word w = b.word();
            boolean memfd = b.type().equals("memory-backend-memfd");
            boolean share = flag(p, "share", memfd || b.type().equals("memory-backend-shm"), w);
            String where = "-object " + b.type() + ",id=" + b.id();
            if (memfd && isGuestMemfd(b)) {
                plan.add("memory " + name + ": guest_memfd " + Text.size(size) + " flags mmap | init_shared",
                        where + ",guest-memfd=on: KVM_CREATE_GUEST_MEMFD(MMAP | INIT_SHARED) (QEMU 11.0)", w.pos());
                if (!share) {
                    plan.vmmRefuses("guest-memfd=on requires share=on (\"hostmem-memfd: support guest-memfd\")", w.pos());
                }
                if (flag(p, "hugetlb", false, w)) {
                    plan.vmmRefuses("guest-memfd does not support hugetlb=on (docs/system/guest-memfd.rst)", w.pos());
                }
                boolean gPrealloc = flag(p, "prealloc", memPrealloc != null, w);
                String[] gOpts = mapOptions(p, w, mergeDefault, dumpDefault, where);
                plan.add("map " + name + " shared" + (gPrealloc ? " populate" : "") + gOpts[0],
                        "QEMU maps the guest_memfd MAP_SHARED" + (gPrealloc ? "; prealloc" : "") + gOpts[1], w.pos());
                return;
            }
            String kind;
            switch (b.type()) {
                case "memory-backend-file" -> {
                    String path = p.get("mem-path");
                    if (path == null) {
                        throw new ImportException("memory-backend-file '" + Text.clean(b.id()) + "' needs mem-path", w.pos());
                    }
                    String fs = fileSystem(path);
                    boolean hugetlbfs = "hugetlbfs".equals(fs);
                    kind = "file " + Text.quoted(path) + (fs != null ? " on " + fs : "") + " " + Text.size(size)
                            + (hugetlbfs ? " hugetlb " + Text.size(hugeAlign(p, w)) : "");
                }
                case "memory-backend-memfd" -> {
                    boolean huge = flag(p, "hugetlb", false, w);
                    long hs = p.containsKey("hugetlbsize") ? Args.size(p.get("hugetlbsize"), 0, "hugetlbsize", w) : 2 * MIB;
                    kind = "memfd " + Text.size(size) + (huge ? " hugetlb " + Text.size(hs) : "");
                }
                case "memory-backend-shm" -> kind = "memfd " + Text.size(size);
                default -> kind = "anonymous " + Text.size(size);
            }
            plan.add("memory " + name + ": " + kind, where + (b.type().equals("memory-backend-ram") && share
                    ? ", share=on: anonymous shared memory (shmem without an fd to pass)" : ""), w.pos());
            if (b.type().equals("memory-backend-file") && kind.contains("hugetlb")) {
                plan.comment("mem-path looks like hugetlbfs: the huge page size is the mount's (align=, else 2 MiB assumed) [I]", w.pos());
            }
            boolean prealloc = flag(p, "prealloc", memPrealloc != null, w);
            String[] opts = mapOptions(p, w, mergeDefault, dumpDefault, where);
            plan.add("map " + name + (share ? " shared" : " private") + (prealloc ? " populate" : "") + opts[0],
                    (share ? "share=on: MAP_SHARED" : "share=off (the default): MAP_PRIVATE")
                            + (prealloc ? "; prealloc" : "") + opts[1], w.pos());
            if (gmemPrivate) {
                plan.add("memory " + name + "_private: guest_memfd " + Text.size(size),
                        "created by QEMU for the confidential guest: KVM_CREATE_GUEST_MEMFD, no flags (private only)", w.pos());
            }
        }

        private static long hugeAlign(Map<String, String> p, Word w) throws ImportException {
            return p.containsKey("align") ? Args.size(p.get("align"), 0, "align", w) : 2 * MIB;
        }

        private static long parseLong(String s, Word w) throws ImportException {
            try {
                return s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16) : Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new ImportException("not a number: '" + Text.clean(s) + "'", w.pos());
            }
        }

        private void devices() throws ImportException {
            var used = new java.util.HashSet<String>();
            int n = 0;
            for (Word w : netdevs) {
                Map<String, String> nd = Args.keyval(w, "type", true);
                String id = Text.name(nd.get("id"), "net" + n++);
                uniq(used, id, w);
                String type = nd.getOrDefault("type", "");
                switch (type) {
                    case "vhost-user" -> plan.add("device " + id + ": virtio_net via vhost_user", "-netdev vhost-user: the back-end maps guest RAM from the fds QEMU passes", w.pos());
                    case "tap" -> {
                        boolean vhost = "on".equals(nd.get("vhost")) || "true".equals(nd.get("vhost"));
                        plan.add("device " + id + ": virtio_net via " + (vhost ? "vhost" : "vmm"), vhost
                                ? "-netdev tap,vhost=on: vhost-net (zero-copy TX off by default since 2019)"
                                : "-netdev tap: virtio-net emulated in QEMU", w.pos());
                    }
                    case "vhost-vdpa" -> plan.add("device " + id + ": vfio", "-netdev vhost-vdpa: pins guest RAM like VFIO [I]", w.pos());
                    default -> plan.add("device " + id + ": virtio_net via vmm", "-netdev " + Text.clean(type) + ": emulated in QEMU", w.pos());
                }
            }
            int d = 0;
            for (Word w : drives) {
                Map<String, String> dr = Args.keyval(w, null, true);
                String id = Text.name(dr.getOrDefault("id", dr.get("node-name")), "disk" + d++);
                if (!used.add(id)) {
                    id = id + "_" + d++;
                    used.add(id);
                }
                boolean direct = "none".equals(dr.get("cache")) || "directsync".equals(dr.get("cache"))
                        || "on".equals(dr.get("cache.direct")) || "true".equals(dr.get("cache.direct"));
                plan.add("device " + id + ": virtio_blk via " + (direct ? "o_direct" : "vmm"), direct
                        ? "-drive cache=none / cache.direct=on: O_DIRECT I/O into guest RAM"
                        : "-drive: I/O through QEMU's buffers (aio=io_uring registers no buffers by default [I])", w.pos());
            }
            int k = 0;
            for (Word w : devices) {
                Map<String, String> dev = Args.keyval(w, "driver", true);
                String driver = dev.getOrDefault("driver", "");
                String id = Text.name(dev.get("id"), driver.replace('-', '_') + k++);
                if (!used.add(id)) {
                    id = id + "_" + k++;
                    used.add(id);
                }
                if (driver.startsWith("vfio-pci") || driver.equals("vfio-platform") || driver.equals("vfio-ap") || driver.equals("vfio-ccw")) {
                    plan.add("device " + id + ": vfio", "-device " + driver + ": VFIO maps and pins all guest RAM", w.pos());
                } else if (driver.startsWith("vhost-user-")) {
                    plan.add("device " + id + ": " + model(driver.substring("vhost-user-".length())) + " via vhost_user",
                            "-device " + driver + ": the back-end maps guest RAM from the fds QEMU passes", w.pos());
                } else if (driver.startsWith("vhost-vsock")) {
                    plan.add("device " + id + ": virtio_vsock via vhost", "-device " + driver + ": in-kernel vhost-vsock", w.pos());
                } else if (driver.startsWith("vhost-scsi")) {
                    plan.add("device " + id + ": virtio_scsi via vhost", "-device " + driver + ": in-kernel vhost-scsi", w.pos());
                } else if (driver.startsWith("virtio-balloon")) {
                    plan.add("device " + id + ": virtio_balloon via vmm", "-device " + driver, w.pos());
                } else if (driver.startsWith("virtio-mem")) {
                    plan.add("device " + id + ": virtio_mem via vmm", "-device " + driver, w.pos());
                    plan.notModelled("-device " + driver + " memdev=" + dev.getOrDefault("memdev", ""),
                            "the virtio-mem backend is its own RAMBlock, plugged block by block at run time", w.pos());
                } else if (driver.startsWith("virtio-rng")) {
                    plan.add("device " + id + ": virtio_rng via vmm", "-device " + driver, w.pos());
                } else if (driver.startsWith("vhost-")) {
                    plan.notModelled("-device " + driver, "a vhost device VMem has no model for", w.pos());
                }
                // Other devices (virtio-net/blk front ends of -netdev/-drive, USB, display, ...) add no access path.
            }
        }

        private static void uniq(java.util.Set<String> used, String id, Word w) throws ImportException {
            if (!used.add(id)) {
                throw new ImportException("duplicate id '" + id + "'", w.pos());
            }
        }

        private static String model(String kind) {
            String base = kind.replaceAll("-(pci|device|ccw|mmio)(-.*)?$", "");
            return switch (base) {
                case "blk" -> "virtio_blk";
                case "fs" -> "virtio_fs";
                case "scsi" -> "virtio_scsi";
                case "gpu" -> "virtio_gpu";
                case "vsock" -> "virtio_vsock";
                case "net" -> "virtio_net";
                case "input", "i2c", "rng", "snd", "scmi", "gpio" -> "virtio_console";
                default -> "virtio_console";
            };
        }
    }
}
