package dev.vmem.engine.internal;

import static dev.vmem.engine.internal.Kernel.hex;
import static dev.vmem.engine.internal.Kernel.size;

import dev.vmem.engine.internal.UserPages.Gup;
import dev.vmem.engine.internal.UserPages.Uaccess;
import dev.vmem.engine.internal.Result.Draft;
import dev.vmem.engine.internal.VmState.Backing;
import dev.vmem.engine.internal.VmState.Slot;
import dev.vmem.engine.internal.VmState.Vma;
import dev.vmem.engine.kb.KernelFact;
import dev.vmem.engine.kb.KernelProfile;
import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.DeviceDecl;
import dev.vmem.engine.model.DevicePath;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.HostOpDecl;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotFlag;
import dev.vmem.engine.model.VmDecl;
import dev.vmem.engine.model.VmType;
import dev.vmem.engine.report.BackingExposure;
import dev.vmem.engine.report.ElementNote;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Trace;
import dev.vmem.engine.report.VmExposure;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Host operations on the whole VMM: hibernation ({@code kernel/power/hibernate.c}
 * hibernation_available, {@code kernel/power/snapshot.c}), core dumps ({@code fs/coredump.c},
 * get_dump_page) and remote reads ({@code mm/memory.c} access_remote_vm for ptrace and
 * /proc/pid/mem, {@code mm/process_vm_access.c} for process_vm_readv).
 */
final class HostOps extends KernelPart {

    private final Sink sink;
    private final String vmName;

    HostOps(Kernel kernel, Sink sink, String vmName) {
        super(kernel);
        this.sink = sink;
        this.vmName = vmName;
    }

    void hostOperation(HostOpDecl h) {
        switch (h.operation()) {
            case HIBERNATE -> {
                var secret = vm.backings.values().stream().filter(b -> b.isSecretmem() && b.created && !b.released)
                        .toList();
                if (!secret.isEmpty()) {
                    var t = Trace.builder("hibernate() while " + secret.get(0).name() + " exists")
                            .kernel("hibernation_available: !secretmem_active()", KernelFact.HIBERNATION_SECRETMEM)
                            .outcome("EPERM: \"Hibernation not available\"", null);
                    sink.add(vmName, Draft.of(Rule.HIBERNATION_BLOCKED,
                            "While any memfd_secret file exists (" + secret.get(0).name()
                                    + "), hibernation_available() is false and hibernate() fails with EPERM.",
                            h.origin(), secret.stream().map(b -> new Related(b.decl.origin(), "memfd_secret " + b.name()))
                                    .toList()), Outcome.EPERM, t.build());
                } else {
                    var ndm = vm.backings.values().stream()
                            .filter(b -> b.has(GmemFlag.NO_DIRECT_MAP) && b.created && !b.released).toList();
                    if (!ndm.isEmpty()) {
                        var t = Trace.builder("hibernate() with " + ndm.get(0).name() + " (NO_DIRECT_MAP guest_memfd)")
                                .kernel("hibernation_available: only secretmem_active() blocks hibernation",
                                        KernelFact.HIBERNATION_NO_DIRECT_MAP)
                                .kernel("safe_copy_page → hibernate_map_page: non-present pages mapped for the copy",
                                        KernelFact.HIBERNATION_NO_DIRECT_MAP)
                                .outcome("ok: guest RAM is written to the hibernation image", null);
                        sink.add(vmName, Draft.of(Rule.HIBERNATION_IMAGE_EXPOSURE,
                                "Nothing refuses hibernation with the NO_DIRECT_MAP guest_memfd " + ndm.get(0).name()
                                        + ", and the snapshot copies its pages through hibernate_map_page(): the guest RAM that was removed from the direct map ends up in the hibernation image (inferred from kernel/power/snapshot.c).",
                                h.origin(), ndm.stream().map(b -> new Related(b.decl.origin(), "guest_memfd " + b.name()))
                                        .toList()), Outcome.OK, t.build());
                    }
                }
            }
            case COREDUMP -> {
                var omitted = vm.vmas.stream().map(v -> v.backing).filter(Backing::noDirectMap).distinct().toList();
                if (!omitted.isEmpty()) {
                    var t = Trace.builder("VMM core dump")
                            .kernel("get_dump_page (GUP FOLL_DUMP); secretmem VMAs are VM_DONTDUMP", KernelFact.COREDUMP)
                            .outcome("ok: the dump omits guest memory", null);
                    sink.add(vmName, Draft.of(Rule.COREDUMP_OMITS_GUEST_MEMORY,
                            "A core dump of the VMM " + String.join(" and ", omitted.stream().map(b -> b.isSecretmem()
                                    ? "skips " + b.name() + " (secretmem is VM_DONTDUMP)"
                                    : "leaves holes for " + b.name() + " (NO_DIRECT_MAP guest_memfd)").toList()) + ".",
                            h.origin(), omitted.stream().map(b -> new Related(b.decl.origin(), b.name())).toList()),
                            Outcome.OK, t.build());
                }
            }
            case PTRACE, PROC_MEM, PROCESS_VM_READV -> {
                boolean eio = h.operation() != dev.vmem.engine.model.HostOperation.PROCESS_VM_READV;
                for (var v : List.copyOf(vm.vmas)) {
                    if (!v.backing.noDirectMap()) {
                        continue;
                    }
                    var r = remoteRead(v, h.operation().keyword(), eio, h.origin());
                    sink.report(vmName, r);
                }
            }
        }
    }

    /** ptrace / /proc/pid/mem / process_vm_readv of a VMA: remote GUP, then a copy through kmap. */
    Result remoteRead(Vma v, String who, boolean eio, Origin origin) {
        var t = Trace.builder(who + " of " + v.backing.describe());
        t.kernel(eio ? "access_remote_vm → get_user_pages_remote" : "process_vm_rw_core → pin_user_pages_remote",
                KernelFact.REMOTE_ACCESS_SECRETMEM);
        var g = kernel.gup(v.start, v.length, false, t);
        var failure = eio ? Outcome.EIO : Outcome.EFAULT;
        return switch (g.verdict()) {
            case OK -> Result.ok(t.outcome("ok", null).build());
            case LET_THROUGH -> {
                t.kernel("copy through kmap(page): the direct-map address is not present",
                        KernelFact.UNMAPPED_DIRECT_MAP_OOPS);
                t.outcome("oops", null);
                yield Result.finding(Outcome.OOPS, t.build(), Draft.of(Rule.GUP_UNMAPPED_PFN,
                        who + " of " + v.backing.name()
                                + ": GUP returns its pages although their direct-map entries are gone, and the copy goes through kmap(), the direct-map address: the host oopses.",
                        origin, List.of(new Related(v.backing.decl.origin(), "the backing " + v.backing.name())))
                        .with("backing", v.backing.name()));
            }
            default -> {
                t.outcome(failure.name(), null);
                yield Result.finding(failure, t.build(), kernel.gupDraft(v.backing,
                        who + " reads the VMM's memory through GUP", who + " fails with " + failure.name(), origin,
                        null));
            }
        };
    }
}
