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
 * Host consumers of guest memory reached through the VMM's mappings: vhost workers
 * ({@code drivers/vhost/vhost.c}, user accessors), vhost zero-copy and O_DIRECT (GUP),
 * io_uring fixed buffers ({@code io_uring/rsrc.c}) and VFIO type1 DMA mapping
 * ({@code drivers/vfio/vfio_iommu_type1.c}), both FOLL_LONGTERM pins, and vhost-user daemons that
 * map each region from its fd. The GUP and uaccess themselves are {@link UserPages}.
 */
final class Consumers extends KernelPart {

    Consumers(Kernel kernel) {
        super(kernel);
    }

    Result uaccessUser(BringUp.Range r, String who, Origin origin, Outcome failure, KernelFact fact) {
        var t = Trace.builder(who + " over [" + hex(r.gpa()) + ", " + hex(r.gpa() + r.len()) + ") of " + r.slot().label());
        t.kernel("gfn_to_hva_memslot → __copy_to_user / __copy_from_user", fact);
        var u = kernel.uaccess(Kernel.hva(r.slot(), r.gpa()), r.len(), t);
        if (u.verdict() == Uaccess.OK) {
            return Result.ok(t.outcome("ok: user accessors go through the VMM's page tables", null).build());
        }
        var outcome = u.verdict() == Uaccess.SIGBUS && failure != Outcome.EFAULT ? Outcome.SIGBUS : failure;
        t.outcome(outcome.name() + (u.verdict() == Uaccess.SIGBUS ? ": the mapping faults SIGBUS" : ": no mapping"),
                null);
        var why = u.verdict() == Uaccess.NO_MAPPING
                ? (r.slot().userspaceBacking == null ? r.slot().label() + " has no userspace_addr"
                        : r.slot().label() + "'s userspace backing " + r.slot().userspaceBacking.name() + " is not mapped")
                : r.slot().label() + " is mapped from " + u.vma().backing.describe()
                        + ", whose pages fault SIGBUS (guest_memfd without INIT_SHARED is private)";
        var rel = new ArrayList<Related>();
        rel.add(new Related(r.slot().decl.origin(), r.slot().label()));
        return Result.finding(outcome, t.build(), Draft.of(Rule.UACCESS_UNMAPPED,
                who + " needs a userspace mapping of guest memory, but " + why + ": the access fails with "
                        + outcome.name() + ".",
                origin, rel).with("slot", Long.toString(r.slot().id)));
    }

    Result device(DeviceDecl d, BringUp.Range r) {
        var label = "device " + d.name() + " (" + d.model() + " via " + d.path().keyword() + ")";
        return switch (d.path()) {
            case VMM -> uaccessUser(r, label + ": the VMM reads and writes its own mapping", d.origin(),
                    Outcome.SIGSEGV, KernelFact.KVM_UACCESS);
            case VHOST -> uaccessUser(r, label + ": vhost worker copy_to_user/copy_from_user", d.origin(),
                    Outcome.EFAULT, KernelFact.VHOST_UACCESS);
            case VHOST_ZEROCOPY -> {
                var u = uaccessUser(r, label + ": vhost worker copy_to_user/copy_from_user", d.origin(),
                        Outcome.EFAULT, KernelFact.VHOST_UACCESS);
                yield u.isOk() ? gupDevice(d, r, label + ": zero-copy TX pins guest buffers", true, Outcome.EFAULT, false) : u;
            }
            case IO_URING -> gupDevice(d, r, label + ": IORING_REGISTER_BUFFERS (pin_user_pages, FOLL_LONGTERM)", true,
                    Outcome.EFAULT, true);
            case O_DIRECT -> gupDevice(d, r, label + ": O_DIRECT (iov_iter_extract_pages)", true, Outcome.EFAULT, false);
            case VFIO -> gupDevice(d, r, label + ": VFIO_IOMMU_MAP_DMA (pin_user_pages_remote, FOLL_LONGTERM)",
                    false, Outcome.EFAULT, true);
            case VHOST_USER -> vhostUser(d, r, label);
        };
    }

    private Result gupDevice(DeviceDecl d, BringUp.Range r, String who, boolean fast, Outcome failure, boolean longterm) {
        var t = Trace.builder(who + " over [" + hex(r.gpa()) + ", " + hex(r.gpa() + r.len()) + ") of " + r.slot().label());
        t.kernel(fast ? "GUP-fast, then slow GUP" : "slow GUP (remote)", KernelFact.HOST_GUP_USERS);
        var g = kernel.gup(Kernel.hva(r.slot(), r.gpa()), r.len(), fast, t);
        var rel = new ArrayList<Related>();
        rel.add(new Related(r.slot().decl.origin(), r.slot().label()));
        if (longterm && (g.verdict() == Gup.OK || g.verdict() == Gup.LET_THROUGH)) {
            for (var piece : kernel.vmaPieces(Kernel.hva(r.slot(), r.gpa()), r.len())) {
                if (piece.vma() == null) {
                    continue;
                }
                var lt = kernel.longtermFilePin(piece.vma(), who, t, d.origin());
                if (lt.isPresent()) {
                    return lt.get();
                }
            }
        }
        return switch (g.verdict()) {
            case OK, LET_THROUGH -> Result.ok(t.outcome("ok: pages pinned", null).build());
            case MAY_LET_THROUGH -> {
                t.outcome("may ok or " + failure.name() + ": a race in GUP-fast", KernelFact.GUP_FAST_RACE);
                yield Result.may(java.util.Set.of(Outcome.OK, failure), t.build(), kernel.gupDraft(g.vma().backing, who,
                        "it may fail with " + failure.name() + " (a race in the pre-6.9 GUP-fast check)", d.origin(),
                        new Related(r.slot().decl.origin(), r.slot().label())));
            }
            case REFUSED -> {
                t.outcome(failure.name(), null);
                yield Result.finding(failure, t.build(), kernel.gupDraft(g.vma().backing, who, "it fails with "
                        + failure.name(), d.origin(), new Related(r.slot().decl.origin(), r.slot().label())));
            }
            case NO_MAPPING, FAULT_FAILED -> {
                t.outcome(failure.name(), null);
                var why = g.verdict() == Gup.NO_MAPPING ? r.slot().label() + " has no userspace mapping to pin"
                        : r.slot().label() + " is mapped from " + g.vma().backing.describe() + ", whose pages fault SIGBUS";
                yield Result.finding(failure, t.build(), Draft.of(Rule.UACCESS_UNMAPPED,
                        who + " needs a userspace mapping of guest memory, but " + why + ": it fails with "
                                + failure.name() + ".",
                        d.origin(), rel).with("slot", Long.toString(r.slot().id)));
            }
        };
    }

    private Result vhostUser(DeviceDecl d, BringUp.Range r, String who) {
        var t = Trace.builder(who + ": VHOST_USER_SET_MEM_TABLE passes an fd per memory region");
        t.kernel("the daemon mmaps each region from its fd (MAP_SHARED)", KernelFact.VHOST_USER_SHARED);
        var gm = r.slot().gmem;
        if (gm != null && r.slot().userspaceAddr == VmState.NO_HVA
                && (!gm.has(GmemFlag.MMAP) || !gm.has(GmemFlag.INIT_SHARED))) {
            boolean noMmap = !gm.has(GmemFlag.MMAP);
            t.kernel(noMmap ? "kvm_gmem_mmap: no GUEST_MEMFD_FLAG_MMAP → -ENODEV" : "kvm_gmem_fault_user_mapping: not shared → SIGBUS",
                    KernelFact.GMEM_USER_CONSUMERS);
            var outcome = noMmap ? Outcome.ENODEV : Outcome.SIGBUS;
            t.outcome(outcome.name() + " in the daemon", null);
            return Result.finding(outcome, t.build(), Draft.of(Rule.VHOST_USER_NEEDS_SHARED_MEMORY,
                    who + " can only reach " + r.slot().label() + " through its guest_memfd " + gm.name() + ", which "
                            + (noMmap ? "was created without GUEST_MEMFD_FLAG_MMAP: the daemon's mmap fails with ENODEV."
                                    : "was created without GUEST_MEMFD_FLAG_INIT_SHARED: every access by the daemon faults SIGBUS."),
                    d.origin(), List.of(new Related(gm.decl.origin(), "the guest_memfd " + gm.name()),
                            new Related(r.slot().decl.origin(), r.slot().label()))).with("backing", gm.name()));
        }
        for (var piece : kernel.vmaPieces(Kernel.hva(r.slot(), r.gpa()), r.len())) {
            var v = piece.vma();
            if (v == null) {
                continue;
            }
            if (v.backing.isGmem() && !v.backing.has(GmemFlag.INIT_SHARED)) {
                t.kernel("the daemon's mmap(MAP_SHARED) of the guest_memfd fd → kvm_gmem_fault_user_mapping",
                        KernelFact.GMEM_USER_CONSUMERS);
                t.outcome("SIGBUS in the daemon: the guest_memfd's pages are private", null);
                return Result.finding(Outcome.SIGBUS, t.build(), Draft.of(Rule.VHOST_USER_NEEDS_SHARED_MEMORY,
                        who + " maps " + v.backing.name()
                                + " from its fd, but the guest_memfd was created without GUEST_MEMFD_FLAG_INIT_SHARED: every access by the daemon faults SIGBUS (kvm_gmem_fault_user_mapping refuses pages that are not shared).",
                        d.origin(), List.of(new Related(v.backing.decl.origin(), "the guest_memfd " + v.backing.name()),
                                new Related(r.slot().decl.origin(), r.slot().label()))).with("backing", v.backing.name()));
            }
            boolean anon = v.backing.kind() == BackingKind.ANONYMOUS;
            if (v.sharing == Sharing.PRIVATE || anon) {
                var outcome = anon ? Outcome.EBADF : Outcome.SILENT;
                t.state(v.backing.describe() + (anon ? " is anonymous memory" : " is mapped MAP_PRIVATE"), null);
                t.outcome(anon ? "no fd to pass: anonymous memory cannot be handed to the daemon"
                        : "silent: the guest's writes land in private copy-on-write pages the daemon never sees", null);
                return Result.finding(outcome, t.build(), Draft.of(Rule.VHOST_USER_NEEDS_SHARED_MEMORY,
                        who + " needs guest memory the daemon can map from an fd, but " + v.backing.name()
                                + (anon ? " is anonymous memory (MAP_" + v.sharing.name() + "), which has no fd to pass"
                                        : " is mapped MAP_PRIVATE, so the guest's writes go to copy-on-write pages the daemon never sees")
                                + ".",
                        d.origin(), List.of(new Related(v.origin, "the mapping of " + v.backing.name()),
                                new Related(r.slot().decl.origin(), r.slot().label()))).with("backing", v.backing.name()));
            }
        }
        return Result.ok(t.outcome("ok", null).build());
    }
}
