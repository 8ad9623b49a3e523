package dev.vmem.importers;

import dev.vmem.importers.Args.Word;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cloud Hypervisor: the command line ({@code cloud-hypervisor --memory size=2G,shared=on --disk …})
 * or the JSON {@code VmConfig} of {@code PUT /api/v1/vm.create}. Options, fields and defaults follow
 * research/vmm-configs.md §2 (cloud-hypervisor/src/main.rs, vmm/src/config.rs, vmm/src/vm_config.rs,
 * vmm/src/memory_manager.rs, hypervisor/src/kvm/mod.rs at ae44c2971c83); the mapping table is in
 * docs/importers.md.
 */
public final class CloudHypervisorImporter implements Importer {

    static final Set<String> OPTIONS = Set.of("cpus", "platform", "memory", "memory-zone", "firmware", "kernel", "initramfs",
            "cmdline", "rate-limit-group", "disk", "net", "rng", "balloon", "fs", "pmem", "serial", "console", "debug-console",
            "device", "user-device", "vdpa", "vsock", "pvpanic", "numa", "watchdog", "log-file", "api-socket", "event-monitor",
            "restore", "seccomp", "tpm", "sgx-epc", "gdb", "pci-segment", "landlock", "landlock-rules", "host-data", "igvm",
            "generic-vhost-user", "fw-cfg-config", "dbus-service-name", "dbus-object-path", "dbus-system-bus", "v", "version", "h", "help");
    static final Set<String> FLAG_OPTIONS = Set.of("v", "version", "h", "help", "watchdog", "pvpanic", "landlock", "dbus-system-bus");
    static final Set<String> MEMORY = Set.of("size", "mergeable", "shared", "hugepages", "hugepage_size", "hotplug_method",
            "hotplug_size", "hotplugged_size", "prefault", "reserve", "thp", "zones");
    static final Set<String> ZONE = Set.of("id", "size", "file", "shared", "hugepages", "hugepage_size", "host_numa_node",
            "hotplug_size", "hotplugged_size", "prefault", "reserve", "mergeable");

    private static final String CONFIG = "vmm/src/config.rs";
    private static final String MM = "vmm/src/memory_manager.rs";

    /** A field or option value and where it is. */
    record Value(String text, SourcePosition pos) {
    }

    /** One option (CLI) or object (JSON): its fields in order. */
    record Fields(String what, Map<String, Value> values, SourcePosition pos) {
        String get(String key) {
            Value v = values.get(key);
            return v == null ? null : v.text();
        }

        SourcePosition pos(String key) {
            Value v = values.get(key);
            return v == null ? pos : v.pos();
        }

        boolean bool(String key, boolean fallback) throws ImportException {
            String v = get(key);
            return v == null ? fallback : Args.toggle(v, what + " " + key, new Word(v, pos(key), 0));
        }

        long size(String key, long fallback) throws ImportException {
            String v = get(key);
            return v == null ? fallback : Args.size(v, 0, what + " " + key, new Word(v, pos(key), 0));
        }
    }

    /** The configuration, whichever form it came in. */
    private static final class Config {
        Fields memory;
        final List<Fields> zones = new ArrayList<>();
        final Map<String, List<Fields>> devices = new LinkedHashMap<>();
        Fields platform;
        Fields cpus;
        SourcePosition start = SourcePosition.START;
    }

    @Override
    public ImportResult read(String fileName, String text, ImportOptions options) throws ImportException {
        text = Text.lines(text);
        String t = text.stripLeading();
        Config config = t.startsWith("{") ? fromJson(Json.parse(text)) : fromArgs(Args.split(text));
        return build(config, new VmPlan(VmmFormat.CLOUD_HYPERVISOR, fileName)).render(options);
    }

    // ---- the command line ----

    private static Config fromArgs(List<Word> words) throws ImportException {
        var c = new Config();
        int i = 0;
        if (!words.isEmpty() && !words.get(0).text().startsWith("-")) {
            i = 1;
        }
        if (!words.isEmpty()) {
            c.start = words.get(0).pos();
        }
        for (; i < words.size(); i++) {
            Word w = words.get(i);
            String t = w.text();
            if (!t.startsWith("-")) {
                throw new ImportException("expected an option, found '" + Text.clean(t) + "'", w.pos());
            }
            String name = t.replaceFirst("^--?", "");
            var values = new ArrayList<Word>();
            int eq = name.indexOf('=');
            if (eq > 0) {
                values.add(new Word(name.substring(eq + 1), w.pos(), w.index()));
                name = name.substring(0, eq);
            }
            if (!OPTIONS.contains(name)) {
                throw new ImportException("unknown Cloud Hypervisor option '" + Text.clean(t) + "'", w.pos());
            }
            if (!FLAG_OPTIONS.contains(name)) {
                while (i + 1 < words.size() && !words.get(i + 1).text().startsWith("--")) {
                    values.add(words.get(++i));
                }
                if (values.isEmpty()) {
                    throw new ImportException("option '" + Text.clean(t) + "' needs a value", w.pos());
                }
            }
            for (Word v : values) {
                Fields f = fields("--" + name, v);
                switch (name) {
                    case "memory" -> {
                        only(f, MEMORY, v);
                        c.memory = f;
                    }
                    case "memory-zone" -> {
                        only(f, ZONE, v);
                        c.zones.add(f);
                    }
                    case "platform" -> c.platform = f;
                    case "cpus" -> c.cpus = f;
                    case "disk", "net", "fs", "pmem", "device", "user-device", "vdpa", "vsock", "balloon", "rng", "generic-vhost-user" ->
                        c.devices.computeIfAbsent(name, k -> new ArrayList<>()).add(f);
                    default -> {
                    }
                }
            }
        }
        return c;
    }

    private static Fields fields(String what, Word w) throws ImportException {
        var map = new LinkedHashMap<String, Value>();
        for (var e : Args.keyval(w, null, false).entrySet()) {
            map.put(e.getKey(), new Value(e.getValue(), w.pos()));
        }
        return new Fields(what, map, w.pos());
    }

    private static void only(Fields f, Set<String> known, Word w) throws ImportException {
        for (String k : f.values().keySet()) {
            if (!known.contains(k)) {
                throw new ImportException("unknown " + f.what() + " option '" + Text.clean(k) + "' (expected one of "
                        + String.join(", ", new java.util.TreeSet<>(known)) + "; " + CONFIG + ")", w.pos());
            }
        }
    }

    // ---- the JSON VmConfig ----

    private static Config fromJson(Json.Node root) throws ImportException {
        var c = new Config();
        Json.Obj o = Json.object(root, "the VmConfig");
        c.start = o.pos();
        Json.Obj memory = Json.optionalObject(o, "memory", MEMORY);
        if (memory != null) {
            c.memory = jsonFields("memory", memory);
            for (Json.Node z : Json.optionalItems(memory, "zones", "memory.zones")) {
                Json.Obj zo = Json.item(z, "a memory zone", ZONE);
                c.zones.add(jsonFields("memory.zones[]", zo));
            }
        }
        if (o.get("cpus") instanceof Json.Obj cpus) {
            c.cpus = jsonFields("cpus", cpus);
        }
        if (o.get("platform") instanceof Json.Obj platform) {
            c.platform = jsonFields("platform", platform);
        }
        // In VmConfig's field order (a fixed order: the generated text must not depend on hashing).
        var lists = new LinkedHashMap<String, String>();
        for (String[] pair : new String[][] {{"disks", "disk"}, {"net", "net"}, {"fs", "fs"}, {"pmem", "pmem"},
                {"devices", "device"}, {"user_devices", "user-device"}, {"vdpa", "vdpa"}, {"generic_vhost_user", "generic-vhost-user"}}) {
            lists.put(pair[0], pair[1]);
        }
        for (var e : lists.entrySet()) {
            for (Json.Node item : Json.optionalItems(o, e.getKey(), e.getKey())) {
                c.devices.computeIfAbsent(e.getValue(), k -> new ArrayList<>()).add(jsonFields(e.getKey() + "[]", Json.object(item, e.getKey() + "[]")));
            }
        }
        for (String single : List.of("vsock", "balloon", "rng")) {
            if (o.get(single) instanceof Json.Obj s) {
                c.devices.computeIfAbsent(single, k -> new ArrayList<>()).add(jsonFields(single, s));
            }
        }
        return c;
    }

    private static Fields jsonFields(String what, Json.Obj o) {
        var map = new LinkedHashMap<String, Value>();
        for (Json.Member m : o.members().values()) {
            Json.Node v = m.value();
            String text = v instanceof Json.Str s ? s.value() : v instanceof Json.Num n ? n.text()
                    : v instanceof Json.Bool b ? Boolean.toString(b.value()) : null;
            if (text != null) {
                map.put(m.name(), new Value(text, v.pos()));
            }
        }
        return new Fields(what, map, o.pos());
    }

    // ---- the VM ----

    /** One memory region as memory_manager.rs creates it. */
    private record Region(String name, long size, Fields from) {
    }

    private static VmPlan build(Config c, VmPlan plan) throws ImportException {
        plan.name("cloud_hypervisor", c.start);
        plan.header("Cloud Hypervisor lays RAM out from GPA 0 up to 3 GiB and the rest from 4 GiB, one memslot per region and");
        plan.header("side of the hole (arch/src/x86_64/layout.rs, " + MM + "); x86_64 assumed.");
        boolean snp = c.platform != null && c.platform.bool("sev_snp", false);
        boolean tdx = c.platform != null && c.platform.bool("tdx", false);
        String type = snp ? "snp" : tdx ? "tdx" : "default";
        SourcePosition typePos = c.platform == null ? c.start : c.platform.pos(snp ? "sev_snp" : "tdx");
        plan.add("type " + type, snp ? "--platform sev_snp=on: KVM_CREATE_VM(KVM_X86_SNP_VM) (hypervisor/src/kvm/mod.rs)"
                : tdx ? "--platform tdx=on: Cloud Hypervisor's TDX path targets its own TDX uAPI [U]" : "KVM_CREATE_VM(0)", typePos);
        if (tdx) {
            plan.notModelled("--platform tdx=on", "Cloud Hypervisor's TDX memory layout is unverified; laid out like its SNP guests [U]", typePos);
        }
        long vcpus = 1;
        if (c.cpus != null) {
            String boot = c.cpus.get("boot") != null ? c.cpus.get("boot") : c.cpus.get("boot_vcpus");
            if (boot != null) {
                try {
                    vcpus = Long.parseLong(boot);
                } catch (NumberFormatException e) {
                    throw new ImportException("boot vCPUs is not a number: '" + Text.clean(boot) + "'", c.cpus.pos());
                }
            }
        }
        plan.add("vcpus " + Math.max(1, vcpus), c.cpus == null ? "no --cpus: Cloud Hypervisor's default of 1" : c.cpus.what() + " boot",
                c.cpus == null ? c.start : c.cpus.pos());
        plan.blank();

        Fields mem = c.memory != null ? c.memory : new Fields("--memory", Map.of(), c.start);
        long size = mem.size("size", 512L << 20);
        var regions = new ArrayList<Region>();
        if (!c.zones.isEmpty()) {
            if (size != 0) {
                plan.vmmRefuses("memory size must be 0 when memory zones are used (" + CONFIG + ")", mem.pos("size"));
            }
            var ids = new java.util.HashSet<String>();
            for (Fields z : c.zones) {
                String id = z.get("id");
                if (id == null || z.get("size") == null) {
                    throw new ImportException(z.what() + " needs id and size", z.pos());
                }
                if (!ids.add(id)) {
                    throw new ImportException("duplicate memory zone id '" + Text.clean(id) + "'", z.pos("id"));
                }
                regions.add(new Region(Text.name(id, "zone"), z.size("size", 0), z));
            }
        } else {
            regions.add(new Region("ram", size, mem));
        }
        boolean mergeable = mem.bool("mergeable", false);
        boolean allShared = true;
        for (Region r : regions) {
            Fields f = r.from();
            boolean shared = f.bool("shared", false);
            boolean huge = f.bool("hugepages", false);
            String file = f.get("file");
            String hugeSize = huge ? " hugetlb " + Text.size(f.size("hugepage_size", 2L << 20)) : "";
            String kind;
            String how;
            boolean mapShared;
            if (file != null) {
                String fs = Text.fileSystem(file);
                kind = "file " + Text.quoted(file) + (fs == null ? "" : " on " + fs) + " " + Text.size(r.size());
                mapShared = shared;
                how = "file=: open() and " + (shared ? "MAP_SHARED" : "MAP_PRIVATE");
            } else if (shared || huge) {
                kind = "memfd " + Text.size(r.size()) + hugeSize;
                mapShared = true;
                how = (huge ? "hugepages=on: memfd MFD_HUGETLB, always MAP_SHARED" : "shared=on: memfd, MAP_SHARED") + " (" + MM + " create_ram_region_raw)";
            } else {
                kind = "anonymous " + Text.size(r.size());
                mapShared = false;
                how = "MAP_PRIVATE | MAP_ANONYMOUS";
            }
            allShared &= mapShared || huge;
            boolean prefault = f.bool("prefault", false);
            boolean zoneMerge = f == mem ? mergeable : f.bool("mergeable", mergeable);
            plan.add("memory " + r.name() + ": " + kind, f.what() + " size" + (f == mem ? "" : " (zone " + r.name() + ")"), f.pos("size"));
            // thp (default on): MADV_HUGEPAGE on private anonymous regions; MADV_DONTDUMP on every region;
            // MAP_NORESERVE unless reserve=on; host_numa_node: mbind(MPOL_BIND) (vmm-configs.md §2).
            boolean thp = !mapShared && file == null && mem.bool("thp", true);
            boolean noreserve = !(f == mem ? mem.bool("reserve", false) : f.bool("reserve", false));
            String node = f.get("host_numa_node");
            if (node != null && !node.matches("[0-9]{1,4}")) {
                throw new ImportException("host_numa_node must be a node number, not '" + Text.clean(node) + "'", f.pos("host_numa_node"));
            }
            plan.add("map " + r.name() + (mapShared ? " shared" : " private") + (prefault ? " populate" : "") + (zoneMerge ? " mergeable" : "")
                    + (thp ? " thp on" : "") + " dontdump" + (noreserve ? " noreserve" : "") + (node != null ? " numa bind " + node : ""),
                    how + (prefault ? "; prefault: MADV_POPULATE_WRITE" : "") + (zoneMerge ? "; mergeable: MADV_MERGEABLE" : "")
                            + (thp ? "; thp (on by default): MADV_HUGEPAGE" : "") + "; always MADV_DONTDUMP"
                            + (noreserve ? "; reserve=off (the default): MAP_NORESERVE" : "")
                            + (node != null ? "; host_numa_node: mbind(MPOL_BIND)" : ""),
                    f.values().containsKey("shared") ? f.pos("shared") : f.values().containsKey("hugepages") ? f.pos("hugepages") : f.pos("size"));
            if (f.get("hotplug_size") != null) {
                plan.notModelled(r.name() + ": hotplug_size", "the hotplug area is separate memslots, added at run time", f.pos("hotplug_size"));
            }
        }
        plan.blank();

        // Memslots: every (region x side of the hole); SNP: a guest_memfd per slot, bound at offset 0, marked private.
        List<VmPlan.Region> all = VmPlan.split(0, regions.stream().mapToLong(Region::size).sum(), 3 * Text.GIB, 4 * Text.GIB);
        int slot = 0;
        var privates = new ArrayList<VmPlan.Region>();
        for (VmPlan.Piece<Region> p : VmPlan.pieces(all, regions, Region::size)) {
            Region r = p.block();
            String s = "slot " + slot + " gpa " + Text.address(p.gpa()) + " size " + Text.size(p.size()) + " userspace " + r.name()
                    + (p.offset() == 0 ? "" : " offset " + Text.size(p.offset()));
            if (snp || tdx) {
                plan.add("memory gmem" + slot + ": guest_memfd " + Text.size(p.size()),
                        "one guest_memfd per memslot, sized to it, flags 0 (hypervisor/src/kvm/mod.rs)", typePos);
                s += " guest_memfd gmem" + slot;
                privates.add(new VmPlan.Region(p.gpa(), p.size(), 0));
            }
            plan.add(s, "region " + r.name(), r.from().pos("size"));
            slot++;
        }
        plan.privates(privates, "KVM_SET_MEMORY_ATTRIBUTES(PRIVATE) over the region at creation", typePos);
        plan.blank();
        if (snp || tdx) {
            plan.notModelled("kvmclock in an SNP/TDX guest", "the pvclock page of a confidential guest is not modelled", typePos);
        } else {
            plan.add("clock kvmclock", "Cloud Hypervisor passes KVM's paravirtual CPUID leaves through [I]", c.start);
        }
        devices(c, plan, allShared);
        return plan;
    }

    private static void devices(Config c, VmPlan plan, boolean backedByShared) throws ImportException {
        var used = new java.util.HashSet<String>();
        int n = 0;
        for (var e : c.devices.entrySet()) {
            for (Fields f : e.getValue()) {
                String id = f.get("id");
                String base = switch (e.getKey()) {
                    case "disk" -> "disk";
                    case "net" -> "net";
                    case "fs" -> "fs";
                    default -> e.getKey().replace('-', '_');
                };
                String name = Text.name(id != null ? id : e.getKey().equals("fs") && f.get("tag") != null ? f.get("tag") : base + n++, "dev");
                while (!used.add(name)) {
                    name = name + "_" + n++;
                }
                boolean vhostUser = false;
                switch (e.getKey()) {
                    case "disk" -> {
                        vhostUser = f.bool("vhost_user", false);
                        boolean direct = f.bool("direct", false);
                        plan.add("device " + name + ": virtio_blk via " + (vhostUser ? "vhost_user" : direct ? "o_direct" : "vmm"),
                                vhostUser ? f.what() + " vhost_user=true" : direct ? f.what() + " direct=on: O_DIRECT"
                                        : f.what() + ": io_uring/AIO with plain iovecs, no registered buffers [I]", f.pos());
                    }
                    case "net" -> {
                        vhostUser = f.bool("vhost_user", false);
                        plan.add("device " + name + ": virtio_net via " + (vhostUser ? "vhost_user" : "vmm"),
                                vhostUser ? f.what() + " vhost_user=true" : f.what() + ": tap, virtio-net emulated by Cloud Hypervisor (no vhost-net)", f.pos());
                    }
                    case "fs" -> {
                        vhostUser = true;
                        plan.add("device " + name + ": virtio_fs via vhost_user", f.what() + ": virtio-fs is always vhost-user", f.pos());
                    }
                    case "generic-vhost-user" -> {
                        vhostUser = true;
                        plan.add("device " + name + ": virtio_console via vhost_user", f.what(), f.pos());
                    }
                    case "user-device" -> {
                        vhostUser = true;
                        plan.add("device " + name + ": virtio_console via vhost_user", f.what() + ": vfio-user, another process maps the shared fds", f.pos());
                    }
                    case "device" -> plan.add("device " + name + ": vfio", f.what() + ": VFIO passthrough pins all guest RAM", f.pos());
                    case "vdpa" -> plan.add("device " + name + ": vfio", f.what() + ": vhost-vdpa pins guest RAM like VFIO [I]", f.pos());
                    case "vsock" -> plan.add("device " + name + ": virtio_vsock via vmm", f.what(), f.pos());
                    case "balloon" -> plan.add("device " + name + ": virtio_balloon via vmm", f.what(), f.pos());
                    case "rng" -> plan.add("device " + name + ": virtio_rng via vmm", f.what(), f.pos());
                    case "pmem" -> {
                        plan.add("device " + name + ": virtio_pmem via vmm", f.what(), f.pos());
                        plan.notModelled(f.what() + " " + name, "the pmem file is its own file-backed memslot", f.pos());
                    }
                    default -> {
                    }
                }
                if (vhostUser && !backedByShared) {
                    plan.vmmRefuses("vhost-user devices need shared memory: ValidationError::VhostUserRequiresSharedMemory (" + CONFIG
                            + "); set shared=on or hugepages=on", f.pos());
                }
            }
        }
    }
}
