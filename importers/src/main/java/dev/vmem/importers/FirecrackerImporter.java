package dev.vmem.importers;

import dev.vmem.importers.Json.Arr;
import dev.vmem.importers.Json.Node;
import dev.vmem.importers.Json.Obj;
import dev.vmem.importers.Json.Str;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Firecracker: the {@code --config-file} JSON ({@code VmmConfig}, src/vmm/src/resources.rs), a bare
 * {@code PUT /machine-config} body, or a recorded sequence of API requests
 * ({@code [{"path": "/machine-config", "body": {...}}, ...]}). Field names, defaults and what
 * Firecracker does with memory follow research/vmm-configs.md §1 (Firecracker 81b38b9dad60, secret
 * hiding c695671faffe); the mapping table is in docs/importers.md.
 */
public final class FirecrackerImporter implements Importer {

    static final Set<String> TOP = Set.of("boot-source", "machine-config", "drives", "network-interfaces", "vsock",
            "balloon", "entropy", "pmem", "memory-hotplug", "cpu-config", "logger", "metrics", "mmds-config");
    static final Set<String> MACHINE = Set.of("vcpu_count", "mem_size_mib", "smt", "cpu_template", "track_dirty_pages",
            "huge_pages", "gdb_socket_path", "secret_free");
    static final Set<String> DRIVE = Set.of("drive_id", "partuuid", "is_root_device", "cache_type", "is_read_only",
            "path_on_host", "rate_limiter", "io_engine", "socket");
    static final Set<String> NET = Set.of("iface_id", "host_dev_name", "guest_mac", "mtu", "rx_rate_limiter", "tx_rate_limiter");
    static final Set<String> VSOCK = Set.of("guest_cid", "uds_path", "vsock_id");
    static final Set<String> BALLOON = Set.of("amount_mib", "deflate_on_oom", "stats_polling_interval_s",
            "free_page_hinting", "free_page_reporting");
    static final Set<String> ENTROPY = Set.of("rate_limiter");
    static final Set<String> PMEM = Set.of("id", "path_on_host", "root_device", "read_only", "rate_limiter");
    static final Set<String> HOTPLUG = Set.of("total_size_mib", "block_size_mib", "slot_size_mib");
    static final Set<String> BOOT = Set.of("kernel_image_path", "boot_args", "initrd_path");

    private static final long MIB = Text.MIB;
    private static final long GIB = Text.GIB;
    private static final String MC = "src/vmm/src/vmm_config/machine_config.rs";

    @Override
    public ImportResult read(String fileName, String text, ImportOptions options) throws ImportException {
        text = Text.lines(text);
        Node root = Json.parse(text);
        Obj config = normalize(root);
        return new Reader(config, new VmPlan(VmmFormat.FIRECRACKER, fileName)).run().render(options);
    }

    /** The three accepted shapes, as one config object whose members keep their original positions. */
    private static Obj normalize(Node root) throws ImportException {
        if (root instanceof Arr requests) {
            var members = new LinkedHashMap<String, Json.Member>();
            var lists = new LinkedHashMap<String, List<Node>>();
            var listPos = new LinkedHashMap<String, SourcePosition>();
            for (Node n : requests.items()) {
                Obj request = Json.object(n, "an API request");
                Json.onlyKnown(request, "an API request", Set.of("method", "path", "body"));
                Json.required(request, "an API request", "path", "body");
                if (request.get("method") != null && !Json.string(request.get("method"), "method").equalsIgnoreCase("PUT")) {
                    continue; // PATCH and GET do not configure a VM before boot
                }
                String path = Json.string(request.get("path"), "path");
                Node body = request.get("body");
                String[] parts = path.replaceFirst("^/", "").split("/");
                String key = switch (parts[0]) {
                    case "machine-config", "vsock", "balloon", "entropy", "boot-source", "logger", "metrics", "cpu-config" -> parts[0];
                    case "drives", "network-interfaces", "pmem" -> parts[0];
                    case "hotplug" -> parts.length > 1 && parts[1].equals("memory") ? "memory-hotplug" : null;
                    case "mmds" -> parts.length > 1 && parts[1].equals("config") ? "mmds-config" : "mmds";
                    case "actions", "snapshot" -> "ignored";
                    default -> null;
                };
                if (key == null) {
                    throw new ImportException("unknown API path '" + Text.clean(path) + "'", request.get("path").pos());
                }
                if (key.equals("ignored") || key.equals("mmds")) {
                    continue;
                }
                if (key.equals("drives") || key.equals("network-interfaces") || key.equals("pmem")) {
                    lists.computeIfAbsent(key, k -> new ArrayList<>()).add(body);
                    listPos.putIfAbsent(key, request.pos());
                } else {
                    members.put(key, new Json.Member(key, request.pos(), body));
                }
            }
            for (var e : lists.entrySet()) {
                members.put(e.getKey(), new Json.Member(e.getKey(), listPos.get(e.getKey()),
                        new Arr(e.getValue(), listPos.get(e.getKey()))));
            }
            return new Obj(members, requests.pos());
        }
        Obj o = Json.object(root, "the configuration");
        boolean config = o.members().keySet().stream().anyMatch(TOP::contains);
        if (!config && (o.members().containsKey("vcpu_count") || o.members().containsKey("mem_size_mib"))) {
            // A bare PUT /machine-config body.
            return new Obj(Map.of("machine-config", new Json.Member("machine-config", o.pos(), o)), o.pos());
        }
        return o;
    }

    private static final class Reader {
        private final Obj config;
        private final VmPlan plan;

        Reader(Obj config, VmPlan plan) {
            this.config = config;
            this.plan = plan;
        }

        VmPlan run() throws ImportException {
            for (Json.Member m : config.members().values()) {
                if (!TOP.contains(m.name())) {
                    throw new ImportException("unknown field '" + Text.clean(m.name()) + "' in the configuration (expected one of "
                            + String.join(", ", new java.util.TreeSet<>(TOP)) + ")", m.keyPos());
                }
            }
            plan.name("firecracker", config.pos());
            plan.header("Firecracker lays guest RAM out from GPA 0 around the 32-bit MMIO hole [3 GiB, 4 GiB) and the 64-bit");
            plan.header("one [256 GiB, 512 GiB), one memslot per region (src/vmm/src/arch/x86_64/layout.rs); x86_64 assumed.");

            // machine-config
            Obj mc = Json.optionalObject(config, "machine-config", MACHINE);
            if (mc != null) {
                Json.required(mc, "machine-config", "vcpu_count", "mem_size_mib");
            }
            SourcePosition mcPos = mc == null ? config.pos() : mc.pos();
            long vcpus = mc == null ? 1 : Json.unsigned(mc.get("vcpu_count"), "vcpu_count", Json.U8_MAX).longValue();
            long memMib = mc == null ? 128
                    : Json.unsigned(mc.get("mem_size_mib"), "mem_size_mib", BigInteger.valueOf(Long.MAX_VALUE / MIB)).longValue();
            String hugePages = "None";
            SourcePosition hugePos = mcPos;
            boolean dirty = false;
            SourcePosition dirtyPos = mcPos;
            boolean secretFree = false;
            SourcePosition secretPos = mcPos;
            if (mc != null) {
                if (Json.present(mc, "huge_pages")) {
                    hugePages = Json.string(mc.get("huge_pages"), "huge_pages");
                    hugePos = mc.get("huge_pages").pos();
                    if (!Set.of("None", "Transparent", "2M").contains(hugePages)) {
                        throw new ImportException("unknown huge_pages '" + Text.clean(hugePages) + "' (expected None, Transparent or 2M)", hugePos);
                    }
                }
                if (Json.present(mc, "track_dirty_pages")) {
                    dirty = Json.bool(mc.get("track_dirty_pages"), "track_dirty_pages");
                    dirtyPos = mc.get("track_dirty_pages").pos();
                }
                if (Json.present(mc, "secret_free")) {
                    secretFree = Json.bool(mc.get("secret_free"), "secret_free");
                    secretPos = mc.get("secret_free").pos();
                }
                if (Json.present(mc, "smt")) {
                    Json.bool(mc.get("smt"), "smt");
                }
            }
            if (vcpus < 1 || vcpus > 32) {
                plan.vmmRefuses("vcpu_count must be 1 to 32 (MAX_SUPPORTED_VCPUS, " + MC + ")",
                        mc == null ? mcPos : mc.get("vcpu_count").pos());
                vcpus = Math.max(1, Math.min(32, vcpus));
            }
            long mem = memMib * MIB;
            SourcePosition memPos = mc == null ? mcPos : mc.get("mem_size_mib").pos();

            // drives
            var drives = new ArrayList<Obj>();
            for (Node d : Json.optionalItems(config, "drives", "drives")) {
                drives.add(Json.item(d, "a drive", DRIVE, "drive_id"));
            }
            Obj vhostUserDrive = drives.stream().filter(d -> Json.present(d, "socket")).findFirst().orElse(null);

            plan.add("type default", "KVM_CREATE_VM(0): Firecracker creates no confidential VM", mcPos);
            plan.add("vcpus " + vcpus, mc == null ? "machine-config absent: Firecracker's default of 1" : "machine-config.vcpu_count",
                    mc == null ? mcPos : mc.get("vcpu_count").pos());
            plan.blank();

            if (mem == 0) {
                plan.vmmRefuses("mem_size_mib must be non-zero (" + MC + ")", memPos);
                return plan;
            }
            if (!hugePages.equals("None") && mem % (2 * MIB) != 0) {
                plan.vmmRefuses("mem_size_mib must be a multiple of 2 MiB with huge_pages " + hugePages + " (" + MC + ")", memPos);
            }
            String memComment = (mc == null ? "machine-config absent: the default 128 MiB" : "machine-config.mem_size_mib = " + memMib);
            String hugetlb = hugePages.equals("2M") ? " hugetlb 2MiB" : "";
            // huge_pages Transparent: madvise(MADV_HUGEPAGE) after the mmap of every region.
            String thp = hugePages.equals("Transparent") ? " thp on" : "";
            String thpWhy = thp.isEmpty() ? "" : "; huge_pages Transparent: MADV_HUGEPAGE";
            if (secretFree) {
                plan.add("memory ram: guest_memfd " + Text.size(mem) + " flags mmap | init_shared | no_direct_map",
                        "secret_free: KVM_CREATE_GUEST_MEMFD flags 0x7 (branch feature/secret-hiding, builder.rs)", secretPos);
                plan.add("map ram shared noreserve" + thp, "MAP_SHARED | MAP_NORESERVE, region by region (vstate/memory.rs file_shared)" + thpWhy, secretPos);
            } else if (vhostUserDrive != null) {
                plan.add("memory ram: memfd " + Text.size(mem) + hugetlb,
                        memComment + "; memfd because a drive has a vhost-user socket (resources.rs allocate_memory_regions)",
                        vhostUserDrive.get("socket").pos());
                plan.add("map ram shared" + thp, "MAP_SHARED: the vhost-user back-end maps the memfd" + thpWhy, vhostUserDrive.get("socket").pos());
            } else {
                plan.add("memory ram: anonymous " + Text.size(mem) + hugetlb,
                        memComment + (hugetlb.isEmpty() ? "" : "; huge_pages 2M: MAP_HUGETLB | MAP_HUGE_2MB"), memPos);
                plan.add("map ram private noreserve" + thp, "MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE (vstate/memory.rs anonymous)" + thpWhy, memPos);
            }
            if (hugePages.equals("2M") && !secretFree) {
                plan.comment("huge_pages 2M with MAP_NORESERVE: an empty hugetlb pool gives SIGBUS at fault, not an mmap error", hugePos);
            }

            List<VmPlan.Region> regions = VmPlan.split(0, mem, 3 * GIB, 4 * GIB, 256 * GIB, 512 * GIB);
            int id = 0;
            for (VmPlan.Region r : regions) {
                var slot = new StringBuilder("slot " + id + " gpa " + Text.address(r.gpa()));
                if (regions.size() > 1) {
                    slot.append(" size ").append(Text.size(r.size()));
                }
                slot.append(" userspace ram");
                if (r.offset() != 0) {
                    slot.append(" offset ").append(Text.size(r.offset()));
                }
                if (secretFree) {
                    slot.append(" guest_memfd ram");
                    if (r.offset() != 0) {
                        slot.append(" offset ").append(Text.size(r.offset()));
                    }
                }
                if (dirty) {
                    slot.append(" flags log_dirty_pages");
                }
                plan.add(slot.toString(), "region " + id + " of arch_memory_regions" + (dirty ? "; track_dirty_pages" : ""),
                        secretFree ? secretPos : dirty && id == 0 ? dirtyPos : memPos);
                id++;
            }
            if (mem > 1022 * GIB) {
                plan.vmmRefuses("guest memory above 1022 GiB (arch/x86_64/layout.rs)", memPos);
            }
            if (secretFree) {
                if (!hugePages.equals("None")) {
                    plan.vmmRefuses("secret freedom is incompatible with huge pages (" + MC + ", feature/secret-hiding)", hugePos);
                }
                if (dirty) {
                    plan.vmmRefuses("secret freedom is incompatible with diff snapshots, track_dirty_pages (" + MC + ", feature/secret-hiding)", dirtyPos);
                }
            }
            plan.blank();

            // clock and CPUID
            boolean noKvmclock = false;
            Obj boot = Json.optionalObject(config, "boot-source", BOOT);
            if (boot != null) {
                if (Json.present(boot, "boot_args")) {
                    String args = " " + Json.string(boot.get("boot_args"), "boot_args") + " ";
                    if (args.contains(" no-kvmclock ")) {
                        noKvmclock = true;
                        plan.comment("no clock kvmclock: boot_args has no-kvmclock, so the guest never enables the pvclock page [I]",
                                boot.get("boot_args").pos());
                    }
                }
            }
            if (!noKvmclock) {
                plan.add("clock kvmclock", "CPUID 0x40000001 passed through: the guest enables kvmclock", config.pos());
            }
            Node cpu = Json.optional(config, "cpu-config");
            if (cpu != null) {
                cpuConfig(cpu);
            }
            plan.blank();

            // devices
            for (Obj d : drives) {
                String name = Text.name(Json.string(d.get("drive_id"), "drive_id"), "drive");
                if (Json.present(d, "socket")) {
                    plan.add("device " + name + ": virtio_blk via vhost_user", "drives[].socket: vhost-user-blk", d.get("socket").pos());
                    if (secretFree) {
                        plan.vmmRefuses("secret freedom is incompatible with vhost-user-blk (resources.rs, feature/secret-hiding)",
                                d.get("socket").pos());
                    }
                    continue;
                }
                String engine = Json.present(d, "io_engine") ? Json.string(d.get("io_engine"), "io_engine") : "Sync";
                if (!engine.equals("Sync") && !engine.equals("Async")) {
                    throw new ImportException("unknown io_engine '" + Text.clean(engine) + "' (expected Sync or Async)", d.get("io_engine").pos());
                }
                if (Json.present(d, "cache_type")) {
                    String cache = Json.string(d.get("cache_type"), "cache_type");
                    if (!cache.equals("Unsafe") && !cache.equals("Writeback")) {
                        throw new ImportException("unknown cache_type '" + Text.clean(cache) + "' (expected Unsafe or Writeback)",
                                d.get("cache_type").pos());
                    }
                }
                plan.add("device " + name + ": virtio_blk via vmm", engine.equals("Sync")
                        ? "drives[].io_engine Sync: pread/pwrite from the VMM"
                        : "drives[].io_engine Async: io_uring with registered files, plain iovecs, not registered buffers [I]",
                        Json.present(d, "io_engine") ? d.get("io_engine").pos() : d.pos());
                if (secretFree && engine.equals("Async")) {
                    plan.vmmRefuses("secret freedom is incompatible with the async file engine (resources.rs, feature/secret-hiding)",
                            d.get("io_engine").pos());
                }
            }
            for (Node n : Json.optionalItems(config, "network-interfaces", "network-interfaces")) {
                Obj net = Json.item(n, "a network interface", NET, "iface_id", "host_dev_name");
                plan.add("device " + Text.name(Json.string(net.get("iface_id"), "iface_id"), "net") + ": virtio_net via vmm",
                        "network-interfaces[]: tap " + Text.clean(Json.string(net.get("host_dev_name"), "host_dev_name"))
                                + ", virtio-net emulated by Firecracker (no vhost-net)", net.pos());
            }
            Obj vsock = Json.optionalObject(config, "vsock", VSOCK);
            if (vsock != null) {
                Json.required(vsock, "vsock", "guest_cid", "uds_path");
                plan.add("device vsock: virtio_vsock via vmm", "vsock: userspace vsock over a Unix socket", vsock.pos());
            }
            Obj balloon = Json.optionalObject(config, "balloon", BALLOON);
            if (balloon != null) {
                Json.required(balloon, "balloon", "amount_mib", "deflate_on_oom");
                plan.add("device balloon: virtio_balloon via vmm", "balloon", balloon.pos());
                plan.notModelled("balloon inflation", "pages the guest gives back are dropped with madvise(MADV_DONTNEED) [I]", balloon.pos());
                if (secretFree) {
                    plan.vmmRefuses("secret freedom is incompatible with a balloon device (resources.rs, feature/secret-hiding)", balloon.pos());
                }
            }
            Obj entropy = Json.optionalObject(config, "entropy", ENTROPY);
            if (entropy != null) {
                plan.add("device entropy: virtio_rng via vmm", "entropy", entropy.pos());
            }
            for (Node n : Json.optionalItems(config, "pmem", "pmem")) {
                Obj p = Json.item(n, "a pmem device", PMEM, "id", "path_on_host");
                String name = Text.name(Json.string(p.get("id"), "id"), "pmem");
                plan.add("device " + name + ": virtio_pmem via vmm", "pmem[]", p.pos());
                plan.notModelled("pmem[] " + name + " memslot",
                        "the file is mmapped MAP_SHARED and registered as its own memslot past the 64-bit MMIO hole; its size is the file's, which the configuration does not give (devices/virtio/pmem/device.rs)",
                        p.get("path_on_host").pos());
            }
            Obj hotplug = Json.optionalObject(config, "memory-hotplug", HOTPLUG);
            if (hotplug != null) {
                Json.required(hotplug, "memory-hotplug", "total_size_mib");
                long total = Json.unsigned(hotplug.get("total_size_mib"), "total_size_mib", Json.U32_MAX).longValue();
                plan.add("device mem0: virtio_mem via vmm", "memory-hotplug: virtio-mem, total_size_mib = " + total, hotplug.pos());
                plan.notModelled("memory-hotplug area",
                        "mmapped up front " + (secretFree ? "(in the same guest_memfd, at offset = DRAM size)" : "(anonymous)")
                                + "; each plugged slot_size_mib chunk becomes a memslot at run time (vmm_config/memory_hotplug.rs)",
                        hotplug.get("total_size_mib").pos());
            }
            return plan;
        }

        /** {@code cpu-config}: a path (not read) or an inline template whose CPUID edits may hide kvmclock. */
        private void cpuConfig(Node cpu) throws ImportException {
            if (cpu instanceof Str path) {
                plan.notModelled("cpu-config " + path.value(), "the custom CPU template file is not read; if it clears KVM_FEATURE_CLOCKSOURCE bits, add 'cpuid -kvmclock'", path.pos());
                return;
            }
            Obj o = Json.object(cpu, "cpu-config");
            Node modifiers = o.get("cpuid_modifiers");
            boolean hidesClock = false;
            SourcePosition where = o.pos();
            if (modifiers instanceof Arr list) {
                for (Node n : list.items()) {
                    if (!(n instanceof Obj m) || !(m.get("leaf") instanceof Str leaf)) {
                        continue;
                    }
                    if (!leaf.value().equalsIgnoreCase("0x40000001")) {
                        continue;
                    }
                    if (m.get("modifiers") instanceof Arr regs) {
                        for (Node r : regs.items()) {
                            if (r instanceof Obj reg && reg.get("register") instanceof Str name && name.value().equalsIgnoreCase("eax")
                                    && reg.get("bitmap") instanceof Str bitmap && clearsClocksource(bitmap.value())) {
                                hidesClock = true;
                                where = reg.pos();
                            }
                        }
                    }
                }
            }
            if (hidesClock) {
                plan.add("cpuid -kvmclock", "cpu-config clears KVM_FEATURE_CLOCKSOURCE and CLOCKSOURCE2 in CPUID 0x40000001 EAX [I]", where);
            } else {
                plan.comment("cpu-config: no edit of KVM_FEATURE_CLOCKSOURCE bits found; other CPUID/MSR edits are not modelled", o.pos());
            }
        }

        /** A template bitmap ("0b" + 32 of 0/1/x, bit 0 last) that sets bits 0 and 3 to 0. */
        static boolean clearsClocksource(String bitmap) {
            String bits = bitmap.startsWith("0b") ? bitmap.substring(2) : bitmap;
            int n = bits.length();
            return n >= 4 && bits.charAt(n - 1) == '0' && bits.charAt(n - 4) == '0';
        }
    }
}
