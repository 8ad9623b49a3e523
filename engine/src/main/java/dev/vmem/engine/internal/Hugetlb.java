package dev.vmem.engine.internal;

import static dev.vmem.engine.internal.Kernel.add;
import static dev.vmem.engine.internal.Kernel.aligned;
import static dev.vmem.engine.internal.Kernel.hex;
import static dev.vmem.engine.internal.Kernel.roundUp;
import static dev.vmem.engine.internal.Kernel.size;
import static dev.vmem.engine.internal.VmState.PAGE;

import dev.vmem.engine.internal.Result.Draft;
import dev.vmem.engine.internal.UserPages.Gup;
import dev.vmem.engine.internal.VmState.Backing;
import dev.vmem.engine.internal.VmState.Slot;
import dev.vmem.engine.internal.VmState.Vma;
import dev.vmem.engine.kb.KernelFact;
import dev.vmem.engine.kb.KernelProfile.FlagVerdict;
import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.AttributeDecl.MemoryAttribute;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GmemFlagDecl;
import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.SlotFlag;
import dev.vmem.engine.model.VmType;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Trace;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * Huge page sizes and the hugetlb size checks: {@code mm/hugetlb.c} (hstates, hugetlb_file_setup)
 * and {@code fs/hugetlbfs/inode.c} (hugetlbfs_setattr, hugetlb_get_unmapped_area).
 */
final class Hugetlb extends KernelPart {

    Hugetlb(Kernel kernel) {
        super(kernel);
    }

    /** The huge page sizes of the host architecture (x86: 2 MiB, 1 GiB; arm64 4 KiB granule: 64 KiB, 2 MiB, 32 MiB, 1 GiB). */
    List<Long> hugePageSizes() {
        return vm.profile.arch() == dev.vmem.engine.model.Arch.X86_64 ? List.of(2L << 20, 1L << 30)
                : List.of(64L << 10, 2L << 20, 32L << 20, 1L << 30);
    }

    /** hugetlb_file_setup / hugetlbfs_setattr checks; empty when the hugetlb backing is fine. */
    Optional<Result> problem(Backing b, Trace.Builder t) {
        var d = b.decl;
        long hp = d.hugePageSize();
        if (!hugePageSizes().contains(hp)) {
            var outcome = d.kind() == BackingKind.MEMFD ? Outcome.ENODEV : Outcome.EINVAL;
            t.kernel(d.kind() == BackingKind.MEMFD ? "memfd_create → hugetlb_file_setup: no hstate for the size"
                    : "hugetlb: no hstate for the size", KernelFact.HUGETLB_SIZES);
            t.outcome(outcome.name(), null);
            return Optional.of(Result.finding(outcome, t.build(), Draft.of(Rule.HUGETLB_SIZE_INVALID,
                    size(hp) + " is not a huge page size of " + vm.profile.arch().keyword() + " (it has "
                            + String.join(", ", hugePageSizes().stream().map(Kernel::size).toList()) + "): "
                            + (d.kind() == BackingKind.MEMFD ? "memfd_create(MFD_HUGETLB) fails with ENODEV."
                                    : "the hugetlb mapping fails with EINVAL."),
                    d.hugetlbOrigin() == Origin.NONE ? d.origin() : d.hugetlbOrigin(), List.of())
                    .with("backing", b.name())));
        }
        if (d.size() % hp != 0) {
            t.kernel("hugetlbfs_setattr: size not a multiple of the huge page size", KernelFact.HUGETLB_SIZES);
            t.outcome("EINVAL", null);
            return Optional.of(Result.finding(Outcome.EINVAL, t.build(), Draft.of(Rule.HUGETLB_SIZE_INVALID,
                    "hugetlb backing " + b.name() + " of " + size(d.size()) + " is not a multiple of its "
                            + size(hp) + " page size: ftruncate (hugetlbfs_setattr) fails with EINVAL.",
                    d.sizeOrigin() == Origin.NONE ? d.origin() : d.sizeOrigin(), List.of()).with("backing", b.name())));
        }
        return Optional.empty();
    }
}
