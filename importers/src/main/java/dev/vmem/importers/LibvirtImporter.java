package dev.vmem.importers;

import dev.vmem.importers.Xml.Element;
import java.util.ArrayList;


import java.util.Set;

/**
 * libvirt domain XML (docs/formatdomain.rst), as libvirt hands it to QEMU: the memory elements and
 * devices of research/vmm-configs.md §3.6, laid out as QEMU lays them out ({@link QemuLayout}).
 * Elements of {@code <domain>} libvirt does not document are refused, and so are unknown children of
 * {@code <memoryBacking>}; the many elements that say nothing about guest memory are skipped.
 */
public final class LibvirtImporter implements Importer {

    /** Children of {@code <domain>} (formatdomain.rst). */
    static final Set<String> DOMAIN = Set.of("name", "uuid", "genid", "title", "description", "metadata", "maxMemory", "memory",
            "currentMemory", "memoryBacking", "memtune", "numatune", "vcpu", "vcpus", "iothreads", "iothreadids", "defaultiothread",
            "cputune", "resource", "os", "bootloader", "bootloader_args", "sysinfo", "idmap", "features", "cpu", "clock", "on_poweroff",
            "on_reboot", "on_crash", "on_lockfailure", "pm", "perf", "devices", "seclabel", "keywrap", "launchSecurity", "blkiotune",
            "commandline", "qemu:commandline", "throttlegroups", "overrides", "qemu:capabilities", "capabilities",
            "qemu:override", "qemu:deprecation");
    static final Set<String> MEMORY_BACKING = Set.of("hugepages", "nosharepages", "locked", "source", "access", "allocation", "discard");

    @Override
    public ImportResult read(String fileName, String text, ImportOptions options) throws ImportException {
        text = Text.lines(text);
        Element root = Xml.parse(text);
        if (!root.name.equals("domain")) {
            throw new ImportException("expected a <domain> element, found <" + Text.clean(root.name) + ">", root.pos());
        }
        return new Reader(root, new VmPlan(VmmFormat.LIBVIRT, fileName)).run().render(options);
    }

    /** A size element: its text in {@code unit} (default KiB), formatdomain.rst "Memory Allocation". */
    static long size(Element e, String valueText, String unitAttr) throws ImportException {
        String unit = e.attributes.getOrDefault(unitAttr, "KiB");
        long n;
        try {
            n = Long.parseLong(valueText.strip());
        } catch (NumberFormatException ex) {
            throw new ImportException("<" + e.name + "> is not a number: '" + Text.clean(valueText) + "'", e.pos());
        }
        long factor = switch (unit) {
            case "b", "bytes" -> 1;
            case "KB" -> 1000;
            case "k", "KiB" -> 1L << 10;
            case "MB" -> 1000_000;
            case "M", "MiB" -> 1L << 20;
            case "GB" -> 1000_000_000;
            case "G", "GiB" -> 1L << 30;
            case "TB" -> 1000_000_000_000L;
            case "T", "TiB" -> 1L << 40;
            default -> throw new ImportException("unknown unit '" + Text.clean(unit) + "'", e.pos(unitAttr));
        };
        if (n < 0 || n > Long.MAX_VALUE / factor) {
            throw new ImportException("<" + e.name + "> is out of range", e.pos());
        }
        return n * factor;
    }

    private static final class Reader {
        private final Element domain;
        private final VmPlan plan;

        Reader(Element domain, VmPlan plan) {
            this.domain = domain;
            this.plan = plan;
        }

        VmPlan run() throws ImportException {
            for (Element c : domain.children) {
                if (!DOMAIN.contains(c.name) && !c.name.startsWith("qemu:")) {
                    throw new ImportException("unknown element <" + Text.clean(c.name) + "> in <domain>", c.pos());
                }
            }
            String type = domain.attr("type");
            if (type != null && !type.equals("kvm")) {
                plan.comment("domain type " + Text.clean(type) + ": not KVM, so nothing here reaches the kernel's KVM", domain.pos("type"));
            }
            plan.name(domain.child("name").map(Element::text).orElse("domain"), domain.child("name").map(Element::pos).orElse(domain.pos()));
            String machine = domain.child("os").flatMap(o -> o.child("type")).map(t -> t.attr("machine")).orElse("pc");
            boolean q35 = machine.contains("q35");
            plan.header("libvirt drives QEMU: machine " + Text.clean(machine) + "; RAM below 4 GiB up to the low-memory limit, the rest from");
            plan.header("4 GiB (QEMU hw/i386/pc_q35.c, pc_piix.c). Element mappings: docs/importers.md (formatdomain.rst).");

            // Launch security.
            String vmType = "default";
            Element ls = domain.child("launchSecurity").orElse(null);
            if (ls != null) {
                String t = ls.attr("type");
                vmType = switch (t == null ? "" : t) {
                    case "sev-snp" -> "snp";
                    case "tdx" -> "tdx";
                    case "sev" -> {
                        String policy = ls.child("policy").map(Element::text).orElse("0x0");
                        long p;
                        try {
                            p = Long.decode(policy);
                        } catch (NumberFormatException e) {
                            throw new ImportException("<policy> is not a number", ls.pos());
                        }
                        yield (p & 0x4) != 0 ? "sev_es" : "sev";
                    }
                    case "s390-pv" -> throw new ImportException("launchSecurity s390-pv is not an x86 KVM guest; VMem does not model it", ls.pos("type"));
                    default -> throw new ImportException("unknown launchSecurity type '" + Text.clean(t) + "'", ls.pos("type"));
                };
            }
            boolean gmemPrivate = vmType.equals("snp") || vmType.equals("tdx");
            plan.add("type " + vmType, ls == null ? "no <launchSecurity>: KVM_CREATE_VM(0)" : "<launchSecurity type='" + ls.attr("type") + "'>",
                    ls == null ? domain.pos() : ls.pos());
            if (vmType.startsWith("sev")) {
                plan.notModelled("SEV memory registration", "SEV and SEV-ES register all RAM with KVM_MEMORY_ENCRYPT_REG_REGION, which pins it", ls.pos());
            }
            Element vcpu = domain.child("vcpu").orElse(null);
            long vcpus = 1;
            if (vcpu != null) {
                try {
                    vcpus = Long.parseLong(vcpu.text());
                } catch (NumberFormatException e) {
                    throw new ImportException("<vcpu> is not a number", vcpu.pos());
                }
            }
            plan.add("vcpus " + Math.max(1, vcpus), vcpu == null ? "no <vcpu>: one" : "<vcpu>", vcpu == null ? domain.pos() : vcpu.pos());
            plan.blank();

            // Memory.
            Element memory = domain.child("memory").orElseThrow(() -> new ImportException("<domain> has no <memory>", domain.pos()));
            long total = size(memory, memory.text(), "unit");
            boolean dump = !"off".equals(memory.attr("dumpCore"));
            Element mb = domain.child("memoryBacking").orElse(null);
            String source = "anonymous";
            String access = null;
            boolean prealloc = false;
            boolean merge = true;
            Long hugePage = null;
            Element hugeEl = null;
            if (mb != null) {
                for (Element c : mb.children) {
                    if (!MEMORY_BACKING.contains(c.name)) {
                        throw new ImportException("unknown element <" + Text.clean(c.name) + "> in <memoryBacking>", c.pos());
                    }
                }
                source = mb.child("source").map(s -> s.attr("type")).orElse("anonymous");
                if (!Set.of("anonymous", "file", "memfd").contains(source)) {
                    throw new ImportException("unknown memoryBacking source type '" + Text.clean(source) + "'", mb.child("source").get().pos("type"));
                }
                access = mb.child("access").map(a -> a.attr("mode")).orElse(null);
                prealloc = mb.child("allocation").map(a -> "immediate".equals(a.attr("mode"))).orElse(false);
                merge = mb.child("nosharepages").isEmpty();
                hugeEl = mb.child("hugepages").orElse(null);
                if (hugeEl != null) {
                    Element page = hugeEl.child("page").orElse(null);
                    hugePage = page == null || page.attr("size") == null ? 2L << 20 : size(page, page.attr("size"), "unit");
                }
            }
            if (mb != null && mb.child("locked").isPresent()) {
                // libvirt raises QEMU's RLIMIT_MEMLOCK to <memtune><hard_limit>, or to unlimited without one [D]
                // (docs/formatdomain.rst, Memory Backing: "locked").
                Element hard = domain.child("memtune").flatMap(m -> m.child("hard_limit")).orElse(null);
                if (hard != null) {
                    plan.add("rlimit memlock " + Text.size(size(hard, hard.text(), "unit")),
                            "<locked/> with <memtune><hard_limit>: libvirt sets QEMU's RLIMIT_MEMLOCK to it", hard.pos());
                } else {
                    plan.comment("<locked/> without <memtune><hard_limit>: libvirt sets RLIMIT_MEMLOCK to unlimited", mb.child("locked").get().pos());
                }
            }
            // NUMA cells: one backend each (libvirt's ram-nodeN), memAccess overriding <access>.
            var cells = new ArrayList<Element>();
            domain.child("cpu").flatMap(c -> c.child("numa")).ifPresent(n -> cells.addAll(n.all("cell")));
            var blocks = new ArrayList<QemuLayout.Block>();
            if (cells.isEmpty()) {
                blocks.add(backend("ram", total, access, source, hugePage, prealloc, merge, dump, memory, mb));
            } else {
                long sum = 0;
                for (int i = 0; i < cells.size(); i++) {
                    Element cell = cells.get(i);
                    String cellSize = cell.attr("memory");
                    if (cellSize == null) {
                        throw new ImportException("<cell> needs memory=", cell.pos());
                    }
                    long s = size(cell, cellSize, "unit");
                    sum += s;
                    String id = cell.attributes.getOrDefault("id", Integer.toString(i));
                    String cellAccess = cell.attr("memAccess") != null ? cell.attr("memAccess") : access;
                    blocks.add(backend("ram_node" + Text.name(id, Integer.toString(i)), s, cellAccess, source, hugePage, prealloc,
                            merge, dump, cell, mb));
                }
                if (sum != total) {
                    plan.vmmRefuses("the NUMA cells add up to " + Text.size(sum) + " but <memory> says " + Text.size(total), memory.pos());
                }
            }
            Element numatune = domain.child("numatune").flatMap(n -> n.child("memory")).orElse(null);
            if (numatune != null && numaOption() == null) {
                plan.notModelled("<numatune><memory mode='" + numatune.attributes.getOrDefault("mode", "strict") + "'>",
                        "restrictive mode (cgroup cpuset.mems, no mbind), or a nodeset VMem cannot read", numatune.pos());
            }
            domain.child("currentMemory").ifPresent(c -> plan.comment("<currentMemory>: the balloon's target; the guest still has all of <memory>", c.pos()));
            domain.child("maxMemory").ifPresent(c -> plan.notModelled("<maxMemory>", "memory hotplug slots (DIMMs added at run time)", c.pos()));
            plan.blank();
            QemuLayout.slots(plan, blocks, QemuLayout.lowmem(q35, total, null), gmemPrivate, ls == null ? domain.pos() : ls.pos());
            plan.blank();

            // Clock.
            Element kvmclockTimer = domain.child("clock").stream().flatMap(c -> c.all("timer").stream())
                    .filter(t -> "kvmclock".equals(t.attr("name"))).findFirst().orElse(null);
            if (kvmclockTimer != null && "no".equals(kvmclockTimer.attr("present"))) {
                plan.add("cpuid -kvmclock", "<timer name='kvmclock' present='no'/>: -cpu ...,-kvmclock", kvmclockTimer.pos());
            } else if (gmemPrivate) {
                plan.notModelled("kvmclock in an SNP/TDX guest", "the pvclock page of a confidential guest is not modelled", ls.pos());
            } else {
                plan.add("clock kvmclock", "QEMU's x86 CPU models offer kvmclock under KVM [I]", domain.child("clock").map(Element::pos).orElse(domain.pos()));
            }
            devices();
            return plan;
        }

        /**
         * {@code <numatune><memory mode='strict|preferred|interleave' nodeset='…'/>} as a mapping option:
         * libvirt passes policy=bind|preferred|interleave and host-nodes to each memory backend
         * (strict is bind). Null without numatune, for mode restrictive (cgroup cpuset.mems, no mbind),
         * or for a nodeset VMem cannot read.
         */
        private String numaOption() {
            Element m = domain.child("numatune").flatMap(n -> n.child("memory")).orElse(null);
            if (m == null) {
                return null;
            }
            String policy = switch (m.attributes.getOrDefault("mode", "strict")) {
                case "strict" -> "bind";
                case "preferred" -> "preferred";
                case "interleave" -> "interleave";
                default -> null;
            };
            String nodes = nodeset(m.attr("nodeset"));
            return policy == null || nodes == null ? null : "numa " + policy + " " + nodes;
        }

        /** A libvirt nodeset ("0-1,3"; exclusions '^' are not read): "0, 1, 3", or null. */
        static String nodeset(String v) {
            if (v == null || !v.matches("[0-9]{1,4}(-[0-9]{1,4})?(,[0-9]{1,4}(-[0-9]{1,4})?){0,15}")) {
                return null;
            }
            var nodes = new java.util.TreeSet<Integer>();
            for (String part : v.split(",")) {
                String[] r = part.split("-");
                int lo = Integer.parseInt(r[0]);
                int hi = r.length == 2 ? Integer.parseInt(r[1]) : lo;
                if (hi < lo || hi - lo > 63) {
                    return null;
                }
                for (int n = lo; n <= hi; n++) {
                    nodes.add(n);
                }
            }
            return String.join(", ", nodes.stream().map(String::valueOf).toList());
        }

        private QemuLayout.Block backend(String name, long size, String access, String source, Long hugePage, boolean prealloc,
                boolean merge, boolean dump, Element at, Element mb) throws ImportException {
            boolean shared = access == null ? source.equals("memfd") : switch (access) {
                case "shared" -> true;
                case "private" -> false;
                default -> throw new ImportException("unknown access mode '" + Text.clean(access) + "'", at.pos());
            };
            String kind;
            String what;
            if (source.equals("memfd")) {
                kind = "memfd " + Text.size(size) + (hugePage == null ? "" : " hugetlb " + Text.size(hugePage));
                what = "memory-backend-memfd";
            } else if (hugePage != null) {
                kind = "file \"/dev/hugepages/libvirt/qemu\" on hugetlbfs " + Text.size(size) + " hugetlb " + Text.size(hugePage);
                what = "memory-backend-file on the hugetlbfs mount";
            } else if (source.equals("file")) {
                kind = "file \"/var/lib/libvirt/qemu/ram\" " + Text.size(size);
                what = "memory-backend-file in memory_backing_dir";
            } else {
                kind = "anonymous " + Text.size(size);
                what = "memory-backend-ram";
            }
            plan.add("memory " + name + ": " + kind, "<memory>/<memoryBacking>: " + what, at.pos());
            boolean locked = mb != null && mb.child("locked").isPresent();
            String numa = numaOption();
            plan.add("map " + name + (shared ? " shared" : " private") + (prealloc ? " populate" : "") + (merge ? " mergeable" : "")
                    + (dump ? "" : " dontdump") + (locked ? " locked" : "") + (numa == null ? "" : " " + numa),
                    (shared ? "access shared: share=on" : "share=off") + (prealloc ? "; allocation immediate: prealloc=on" : "")
                            + (merge ? "; no <nosharepages/>: QEMU's mem-merge default, MADV_MERGEABLE" : "; <nosharepages/>")
                            + (dump ? "" : "; <memory dumpCore='off'>: dump-guest-core=off, MADV_DONTDUMP")
                            + (locked ? "; <locked/>: -overcommit mem-lock=on, mlockall" : "")
                            + (numa == null ? "" : "; <numatune>: policy and host-nodes, mbind()"),
                    mb != null ? mb.pos() : at.pos());
            if (mb != null && mb.child("discard").isPresent()) {
                plan.notModelled("<discard/>", "discard-data=on: the file's pages are discarded when QEMU exits", mb.child("discard").get().pos());
            }
            Element launch = domain.child("launchSecurity").orElse(null);
            boolean gmemPrivate = launch != null && ("sev-snp".equals(launch.attr("type")) || "tdx".equals(launch.attr("type")));
            if (gmemPrivate) {
                plan.add("memory " + name + "_private: guest_memfd " + Text.size(size),
                        "created by QEMU for the confidential guest: KVM_CREATE_GUEST_MEMFD, no flags", launch.pos());
            }
            return new QemuLayout.Block(name, size, false, at.pos(), name);
        }

        private void devices() throws ImportException {
            Element devices = domain.child("devices").orElse(null);
            if (devices == null) {
                return;
            }
            var used = new java.util.HashSet<String>();
            int n = 0;
            for (Element d : devices.children) {
                String base = switch (d.name) {
                    case "interface" -> "net";
                    case "disk" -> "disk";
                    case "filesystem" -> "fs";
                    case "hostdev" -> "hostdev";
                    case "memballoon" -> "balloon";
                    case "vsock" -> "vsock";
                    case "rng" -> "rng";
                    case "memory" -> "mem";
                    default -> null;
                };
                if (base == null) {
                    continue; // controllers, consoles, graphics, ... add no access path to guest RAM
                }
                String alias = d.child("alias").map(a -> a.attr("name")).orElse(null);
                String name = Text.name(alias, base + n++);
                while (!used.add(name)) {
                    name = name + "_" + n++;
                }
                String type = d.attributes.getOrDefault("type", "");
                String model = d.child("model").map(m -> m.attr("type")).orElse(d.attr("model"));
                switch (d.name) {
                    case "interface" -> {
                        if (type.equals("vhostuser")) {
                            plan.add("device " + name + ": virtio_net via vhost_user", "<interface type='vhostuser'>", d.pos());
                        } else if (type.equals("hostdev")) {
                            plan.add("device " + name + ": vfio", "<interface type='hostdev'>: VFIO", d.pos());
                        } else if (type.equals("vdpa")) {
                            plan.add("device " + name + ": vfio", "<interface type='vdpa'>: vhost-vdpa pins guest RAM like VFIO [I]", d.pos());
                        } else {
                            String driver = d.child("driver").map(x -> x.attr("name")).orElse(null);
                            boolean virtio = "virtio".equals(model);
                            boolean vhost = virtio && !"qemu".equals(driver);
                            plan.add("device " + name + ": virtio_net via " + (vhost ? "vhost" : "vmm"),
                                    "<interface type='" + Text.clean(type) + "'>" + (vhost ? ": virtio with vhost-net (libvirt's default)" : ": emulated in QEMU"), d.pos());
                        }
                    }
                    case "disk" -> {
                        if (type.equals("vhostuser")) {
                            plan.add("device " + name + ": virtio_blk via vhost_user", "<disk type='vhostuser'>", d.pos());
                            continue;
                        }
                        String cache = d.child("driver").map(x -> x.attr("cache")).orElse(null);
                        boolean direct = "none".equals(cache) || "directsync".equals(cache);
                        plan.add("device " + name + ": virtio_blk via " + (direct ? "o_direct" : "vmm"),
                                "<disk>" + (direct ? " cache='" + cache + "': O_DIRECT" : ": I/O through QEMU"), d.pos());
                    }
                    case "filesystem" -> {
                        String driver = d.child("driver").map(x -> x.attr("type")).orElse("path");
                        if (driver.equals("virtiofs")) {
                            plan.add("device " + name + ": virtio_fs via vhost_user", "<filesystem><driver type='virtiofs'/>: virtiofsd maps guest RAM", d.pos());
                        } else {
                            plan.add("device " + name + ": virtio_fs via vmm", "<filesystem>: 9p served by QEMU", d.pos());
                        }
                    }
                    case "hostdev" -> plan.add("device " + name + ": vfio", "<hostdev>: VFIO maps and pins all guest RAM", d.pos());
                    case "memballoon" -> {
                        if (!"none".equals(d.attr("model"))) {
                            plan.add("device " + name + ": virtio_balloon via vmm", "<memballoon>", d.pos());
                        }
                    }
                    case "vsock" -> plan.add("device " + name + ": virtio_vsock via vhost", "<vsock>: vhost-vsock", d.pos());
                    case "rng" -> plan.add("device " + name + ": virtio_rng via vmm", "<rng>", d.pos());
                    case "memory" -> {
                        plan.add("device " + name + ": virtio_mem via vmm", "<memory model='" + Text.clean(d.attributes.getOrDefault("model", "")) + "'>", d.pos());
                        plan.notModelled("<memory model='" + d.attributes.getOrDefault("model", "") + "'>", "hotplugged memory is its own RAM block, added at run time", d.pos());
                    }
                    default -> {
                    }
                }
            }
        }
    }


}
