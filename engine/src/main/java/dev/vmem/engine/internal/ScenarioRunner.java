package dev.vmem.engine.internal;

import static dev.vmem.engine.internal.Kernel.hex;
import static dev.vmem.engine.internal.VmState.PAGE;

import dev.vmem.engine.internal.UserPages.Gup;
import dev.vmem.engine.internal.UserPages.Uaccess;
import dev.vmem.engine.internal.VmState.Backing;
import dev.vmem.engine.kb.KernelFact;
import dev.vmem.engine.kb.KernelProfile;
import dev.vmem.engine.model.Access;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Operation.Advice;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.ScenarioDecl;
import dev.vmem.engine.model.SlotFlag;
import dev.vmem.engine.model.VmDecl;
import dev.vmem.engine.model.VmType;
import dev.vmem.engine.report.Related;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.ScenarioResult;
import dev.vmem.engine.report.StepResult;
import dev.vmem.engine.report.Trace;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Runs a scenario's steps, in order, against a fresh bring-up of its VM. */
final class ScenarioRunner {

    /** Rules whose findings arise only from scenario steps (closing a guest_memfd, dropping a binding). */
    private static final java.util.Set<Rule> STEP_RULES = java.util.EnumSet.of(Rule.NOT_MODELLED,
            Rule.GMEM_SLOT_USE_AFTER_FREE, Rule.POINT_RELEASE_AMBIGUOUS);

    private final Budget budget;
    private final Sink sink;

    ScenarioRunner(Budget budget, Sink sink) {
        this.budget = budget;
        this.sink = sink;
    }

    ScenarioResult run(ScenarioDecl sc, VmDecl vmDecl, KernelProfile profile) {
        var bringUp = new BringUp(vmDecl, profile, budget, Sink.muted());
        if (!bringUp.create()) {
            return new ScenarioResult(sc.name(), sc.vm(), sc.origin(), List.of(),
                    "VM " + sc.vm() + " cannot be created on " + profile.describe());
        }
        if (!sc.fromScratch()) {
            bringUp.bringUp();
        }
        var steps = new ArrayList<StepResult>();
        int i = 0;
        for (var step : sc.steps()) {
            budget.spend(1);
            var r = execute(bringUp, step.operation());
            // Findings only a scenario step can produce are reported on the step.
            r.draft().filter(d -> STEP_RULES.contains(d.rule())).ifPresent(d -> sink.report(sc.vm(),
                    new Result(r.outcome(), r.trace(), Optional.of(new Result.Draft(d.rule(), d.message(),
                            step.origin(), d.related(), d.data())), r.possible())));
            var result = new StepResult(i++, step.operation(), r.outcome(), step.expect(), r.trace(), step.origin(),
                    r.possible(), step.expectMay());
            steps.add(result);
            if (!result.passed()) {
                var expected = step.expect().get();
                sink.add(Rule.EXPECTATION_FAILED, "Step " + (result.index() + 1) + " of scenario " + sc.name()
                        + " expects " + (step.expectMay() ? "may " : "") + expected.keyword() + " but the kernel gives "
                        + (r.outcome() == Outcome.UNKNOWN && r.possible().isEmpty() ? "an outcome the engine does not model"
                                : r.describe())
                        + (r.trace().certainty().ordinal() >= 2 ? " (certainty of this outcome: "
                                + r.trace().certainty().description() + ")" : "") + ".",
                        step.expectOrigin() == Origin.NONE ? step.origin() : step.expectOrigin(), r.outcome(),
                        List.of(new Related(step.origin(), "the step")), r.trace(), sc.vm(),
                        Map.of("expected", (step.expectMay() ? "may " : "") + expected.keyword(), "actual", r.describe(),
                                "scenario", sc.name()));
            }
        }
        return new ScenarioResult(sc.name(), sc.vm(), sc.origin(), steps, "");
    }

    private static Result unknownBacking(String name, String op) {
        return Result.of(Outcome.EBADF, Trace.builder(op + " " + name).outcome("EBADF: no backing " + name, null).build());
    }

    private Result execute(BringUp bu, Operation op) {
        var vm = bu.state;
        var k = bu.kernel;
        if (op instanceof Operation.Mmap m) {
            return withBacking(vm, m.backing(), "mmap",
                    b -> k.mmap(b, m.sharing(), m.size().orElse(b.size), Optional.empty(), false, Origin.NONE));

        } else if (op instanceof Operation.Munmap m) {
            return withBacking(vm, m.backing(), "munmap", b -> munmap(vm, b));

        } else if (op instanceof Operation.Touch t) {
            return withBacking(vm, t.backing(), "touch", b -> {
                var tr = Trace.builder("the VMM " + (t.access() == Access.READ ? "reads" : "writes") + " its mapping of "
                        + b.describe());
                var vma = vm.firstVma(b);
                if (vma.isEmpty()) {
                    return Result.of(Outcome.SIGSEGV, tr.outcome("SIGSEGV: " + b.name() + " is not mapped", null).build());
                }
                long off = t.offset().orElse(0);
                long len = t.length().orElse(vma.get().length - Math.min(off, vma.get().length));
                var r = k.fault(vma.get(), off, Math.max(len, 1), t.access(), tr);
                return r.outcome() == Outcome.OK ? Result.ok(tr.outcome("ok", null).build()) : r;
            });

        } else if (op instanceof Operation.FileRead f) {
            return withBacking(vm, f.backing(), "read", b -> k.fileIo(b, false));

        } else if (op instanceof Operation.FileWrite f) {
            return withBacking(vm, f.backing(), "write", b -> k.fileIo(b, true));

        } else if (op instanceof Operation.Fallocate f) {
            return withBacking(vm, f.backing(), "fallocate",
                    b -> k.fallocate(b, f.mode(), f.offset(), f.length()));

        } else if (op instanceof Operation.Ftruncate f) {
            return withBacking(vm, f.backing(), "ftruncate", b -> k.ftruncate(b, f.size()));

        } else if (op instanceof Operation.Madvise m) {
            return withBacking(vm, m.backing(), "madvise", b -> madvise(vm, k, b, m.advice()));

        } else if (op instanceof Operation.CreateSlot c) {
            return k.setMemoryRegion(c.slot());

        } else if (op instanceof Operation.DeleteSlot d) {
            return k.deleteSlot(d.id());

        } else if (op instanceof Operation.SetAttributes a) {
            return k.setAttributes(a.attribute(), a.gpa(), a.size(), Origin.NONE);

        } else if (op instanceof Operation.GuestAccess g) {
            return guestAccess(vm, k, g);

        } else if (op instanceof Operation.KvmAccess a) {
            return kvmAccess(vm, k, a);

        } else if (op instanceof Operation.Pfncache p) {
                long gpa = p.gpa() & -PAGE;
                var s = vm.slotAt(gpa);
                if (s.isEmpty()) {
                    var t = Trace.builder("pfncache " + p.user().keyword() + " gpa " + hex(p.gpa()))
                            .kernel("kvm_gpc_refresh: no memslot, the HVA is an error", KernelFact.PFNCACHE_REFRESH);
                    var out = p.user() == GuestFeature.KVMCLOCK ? Outcome.SILENT : Outcome.EFAULT;
                    return Result.of(out, t.outcome(out.keyword(), null).build());
                }
                return k.pfncache(s.get(), gpa, PAGE, p.user(), Origin.NONE);
            
        } else if (op instanceof Operation.VcpuMap v) {
                long gpa = v.gpa() & -PAGE;
                var s = vm.slotAt(gpa);
                if (s.isEmpty()) {
                    return Result.of(Outcome.EINVAL, Trace.builder("kvm_vcpu_map gpa " + hex(v.gpa()))
                            .kernel("__kvm_vcpu_map: no memslot → error PFN", KernelFact.VCPU_MAP)
                            .outcome("EINVAL", null).build());
                }
                return k.vcpuMap(s.get(), gpa, PAGE, Origin.NONE);
            
        } else if (op instanceof Operation.Gup g) {
            return withBacking(vm, g.backing(), "gup",
                    b -> pin(vm, k, b, "get_user_pages" + (g.fast() ? "_fast" : "") + (g.longterm() ? " (FOLL_LONGTERM)" : ""),
                            g.fast(), Outcome.EFAULT, g.longterm()));

        } else if (op instanceof Operation.VfioMap v) {
            return withBacking(vm, v.backing(), "vfio map",
                    b -> pin(vm, k, b, "VFIO_IOMMU_MAP_DMA → pin_user_pages_remote", false, Outcome.EFAULT, true));

        } else if (op instanceof Operation.IoUringRegister r) {
            return withBacking(vm, r.backing(), "io_uring register",
                    b -> pin(vm, k, b, "IORING_REGISTER_BUFFERS → pin_user_pages_fast", true, Outcome.EFAULT, true));

        } else if (op instanceof Operation.ODirect o) {
            return withBacking(vm, o.backing(), "o_direct",
                    b -> pin(vm, k, b, "O_DIRECT → iov_iter_extract_pages", true, Outcome.EFAULT, false));

        } else if (op instanceof Operation.ProcessVmReadv p) {
            return withBacking(vm, p.backing(), "process_vm_readv",
                    b -> remote(bu, b, "process_vm_readv", false));

        } else if (op instanceof Operation.PtracePeek p) {
            return withBacking(vm, p.backing(), "ptrace peek",
                    b -> remote(bu, b, "PTRACE_PEEKDATA", true));

        } else if (op instanceof Operation.ProcMemRead p) {
            return withBacking(vm, p.backing(), "proc_mem read",
                    b -> remote(bu, b, "read of /proc/pid/mem", true));

        } else if (op instanceof Operation.Hibernate h) {
                var t = Trace.builder("hibernate()").kernel("hibernation_available", KernelFact.HIBERNATION_SECRETMEM);
                boolean secret = vm.backings.values().stream().anyMatch(b -> b.isSecretmem() && b.created && !b.released);
                if (secret) {
                    return Result.of(Outcome.EPERM, t.outcome("EPERM: a memfd_secret file exists", null).build());
                }
                if (vm.backings.values().stream().anyMatch(b -> b.has(GmemFlag.NO_DIRECT_MAP) && b.created && !b.released)) {
                    t.kernel("safe_copy_page → hibernate_map_page: NO_DIRECT_MAP pages are copied into the image",
                            KernelFact.HIBERNATION_NO_DIRECT_MAP);
                }
                return Result.ok(t.outcome("ok", null).build());
            
        } else if (op instanceof Operation.Coredump c) {
            return Result.ok(Trace.builder("core dump of the VMM")
                    .kernel("get_dump_page; secretmem VMAs are VM_DONTDUMP", KernelFact.COREDUMP).outcome("ok", null)
                    .build());

        } else if (op instanceof Operation.Populate p) {
            return k.populate.populate(p);

        } else if (op instanceof Operation.Close c) {
            return withBacking(vm, c.backing(), "close", b -> close(vm, b));
        }
        throw new IllegalArgumentException("unknown operation " + op);
    }

    private static Result withBacking(VmState vm, String name, String op, java.util.function.Function<Backing, Result> f) {
        var b = vm.backings.get(name);
        if (b == null || !b.created) {
            return unknownBacking(name, op);
        }
        return f.apply(b);
    }

    private static Result munmap(VmState vm, Backing b) {
        var t = Trace.builder("munmap of every mapping of " + b.name());
        boolean newAccounting = vm.profile.fix(dev.vmem.engine.kb.StableFix.SECRETMEM_ACCOUNTING) == dev.vmem.engine.kb.StableFix.State.FIXED;
        for (var v : vm.removeVmasOf(b)) {
            if (b.isSecretmem() && !newAccounting) {
                vm.lockedBytes -= v.length;
            }
        }
        if (!b.fdOpen && b.hasFd()) {
            release(vm, b, t);
        }
        return Result.ok(t.outcome("ok", null).build());
    }

    private static Result close(VmState vm, Backing b) {
        var t = Trace.builder("close(" + b.name() + ")");
        if (!b.hasFd() || !b.fdOpen) {
            return Result.of(Outcome.EBADF, t.outcome("EBADF", null).build());
        }
        b.fdOpen = false;
        if (!vm.isMapped(b)) {
            release(vm, b, t);
        } else {
            t.state("a mapping still holds the file", null);
        }
        return Result.ok(t.outcome("ok", null).build());
    }

    private static void release(VmState vm, Backing b, Trace.Builder t) {
        b.released = true;
        if (b.isGmem()) {
            t.kernel("kvm_gmem_release: bindings nullified, SPTEs zapped", KernelFact.GMEM_GET_PFN);
        } else if (b.isSecretmem()) {
            t.kernel("secretmem_release: secretmem_users--", KernelFact.HIBERNATION_SECRETMEM);
            if (vm.profile.fix(dev.vmem.engine.kb.StableFix.SECRETMEM_ACCOUNTING) == dev.vmem.engine.kb.StableFix.State.FIXED) {
                long charged = b.allocated.bytes(0, -1L, x -> x);
                t.kernel("secretmem_destroy_inode_priv → secretmem_unaccount_all_folios: locked_vm -= " + Kernel.size(charged),
                        KernelFact.SECRETMEM_ACCOUNTING);
                vm.lockedBytes -= charged;
            }
        }
    }

    /** The step's outcome is not decided by any fact: unknown, with a "not modelled" info finding. */
    static Result notModelled(Trace.Builder t, String what) {
        t.state("not modelled: " + what, KernelFact.NOT_MODELLED);
        t.outcome("unknown", null);
        return Result.may(java.util.Set.of(), t.build(), Result.Draft.of(Rule.NOT_MODELLED,
                "Not modelled: " + what + ". The knowledge base has no fact for it, so the outcome is unknown.",
                Origin.NONE, List.of()));
    }

    private static Result madvise(VmState vm, Kernel k, Backing b, Advice advice) {
        var t = Trace.builder("madvise(" + b.name() + ", MADV_" + advice.name() + ")");
        var vma = vm.firstVma(b);
        if (vma.isEmpty()) {
            return Result.of(Outcome.ENOMEM, t.outcome("ENOMEM: no mapping", null).build());
        }
        var p = vm.profile;
        if (advice == Advice.POPULATE_READ || advice == Advice.POPULATE_WRITE) {
            t.kernel("madvise_populate → faultin_page_range (GUP with FOLL_MADV_POPULATE from 6.9)",
                    KernelFact.MADV_POPULATE_SECRETMEM);
            if (p.declared().series().compareTo(dev.vmem.engine.kb.KernelVersion.of(5, 14)) < 0) {
                return Result.of(Outcome.EINVAL, t.outcome("EINVAL: MADV_POPULATE_* arrived in 5.14", null).build());
            }
            if (b.noDirectMap() && p.gupRefusesNoDirectMap()) {
                t.state(b.describe() + ": check_vma_flags refuses the VMA", KernelFact.MADV_POPULATE_SECRETMEM);
                return Result.of(Outcome.EINVAL, t.outcome("EINVAL", null).build());
            }
            if (b.isGmem()) {
                return notModelled(t, "MADV_POPULATE on a guest_memfd mapping");
            }
            if (b.decl.hugetlb() || b.kind() == dev.vmem.engine.model.BackingKind.FILE) {
                return notModelled(t, "MADV_POPULATE on a " + (b.decl.hugetlb() ? "hugetlb" : "file") + " mapping");
            }
            var r = k.fault(vma.get(), 0, vma.get().length,
                    advice == Advice.POPULATE_WRITE ? Access.WRITE : Access.READ, t);
            return r.outcome() == Outcome.OK ? Result.ok(t.outcome("ok: every page faulted in", KernelFact.STANDARD_MM).build())
                    : Result.of(Outcome.EFAULT, t.outcome("EFAULT: the fault fails (" + r.outcome().keyword() + ")", null).build());
        }
        if (b.isGmem()) {
            t.kernel("guest_memfd folios are order-0", KernelFact.GMEM_COLLAPSE);
            if (advice == Advice.COLLAPSE) {
                return Result.of(Outcome.EINVAL, t.outcome("EINVAL", null).build());
            }
            if (advice == Advice.HUGEPAGE) {
                return Result.ok(t.outcome("ok: MADV_HUGEPAGE is accepted", null).build());
            }
            t.kernel("madvise_dontneed_free_valid_vma: no VM_LOCKED|VM_PFNMAP|VM_HUGETLB; the user PTEs are zapped",
                    KernelFact.STANDARD_MM);
            vma.get().populated.put(0, vma.get().length, null);
            return Result.ok(t.outcome("ok", null).build());
        }
        if (b.isSecretmem()) {
            if (advice == Advice.COLLAPSE) {
                t.kernel("madvise_collapse: no THP order is allowed for secretmem", KernelFact.SECRETMEM_MADVISE);
                t.outcome("may EINVAL (inferred)", null);
                return Result.may(java.util.Set.of(Outcome.EINVAL), t.build(), null);
            }
            if (advice == Advice.DONTNEED) {
                var acc = p.fix(dev.vmem.engine.kb.StableFix.SECRETMEM_ACCOUNTING);
                if (acc == dev.vmem.engine.kb.StableFix.State.FIXED) {
                    t.kernel("secretmem VMAs are no longer VM_LOCKED", KernelFact.SECRETMEM_ACCOUNTING);
                    t.outcome("may ok: the VM_LOCKED refusal is gone (inferred)", KernelFact.SECRETMEM_MADVISE);
                    return Result.may(java.util.Set.of(Outcome.OK), t.build(), null);
                }
                t.kernel("madvise_dontneed_free_valid_vma: VM_LOCKED → -EINVAL", KernelFact.SECRETMEM_MADVISE);
                if (acc == dev.vmem.engine.kb.StableFix.State.DEPENDS) {
                    t.state(dev.vmem.engine.kb.StableFix.SECRETMEM_ACCOUNTING.ambiguity(p.declared()), KernelFact.STABLE_FIXES);
                    t.outcome("may EINVAL (VM_LOCKED) or ok (after the accounting change)", null);
                    return Result.may(java.util.Set.of(Outcome.EINVAL, Outcome.OK), t.build(), null);
                }
                return Result.of(Outcome.EINVAL, t.outcome("EINVAL", null).build());
            }
            return notModelled(t, "MADV_HUGEPAGE on memfd_secret");
        }
        if (b.decl.hugetlb() || b.kind() == dev.vmem.engine.model.BackingKind.FILE) {
            return notModelled(t, "MADV_" + advice.name() + " on a " + (b.decl.hugetlb() ? "hugetlb" : "file") + " mapping");
        }
        t.kernel("madvise on " + b.kind().keyword() + " memory", KernelFact.STANDARD_MM);
        if (advice == Advice.COLLAPSE && p.declared().series().compareTo(dev.vmem.engine.kb.KernelVersion.of(6, 1)) < 0) {
            return Result.of(Outcome.EINVAL, t.outcome("EINVAL: MADV_COLLAPSE arrived in 6.1", null).build());
        }
        if (advice == Advice.DONTNEED) {
            vma.get().populated.put(0, vma.get().length, null);
        }
        return Result.ok(t.outcome("ok", null).build());
    }

    private static Result guestAccess(VmState vm, Kernel k, Operation.GuestAccess g) {
        if (g.vcpu() < 0 || g.vcpu() >= Math.max(1, vm.decl.vcpus())) {
            return Result.of(Outcome.EINVAL, Trace.builder("guest vcpu " + g.vcpu())
                    .outcome("EINVAL: the VM has " + vm.decl.vcpus() + " vCPUs", null).build());
        }
        long gpa = g.gpa() & -PAGE;
        var s = vm.slotAt(gpa);
        if (s.isEmpty()) {
            var t = Trace.builder("guest " + g.access().keyword() + " gpa " + hex(g.gpa()));
            if (vm.decl.type().hasPrivateMemory() && vm.isPrivate(gpa)
                    && vm.profile.arch() == dev.vmem.engine.model.Arch.X86_64) {
                return Result.of(Outcome.MEMORY_FAULT, t.kernel(
                        "kvm_handle_noslot_fault: fault->is_private → kvm_mmu_prepare_memory_fault_exit", KernelFact.NOSLOT_PRIVATE)
                        .outcome("KVM_EXIT_MEMORY_FAULT: private accesses are never emulated as MMIO", null).build());
            }
            return Result.of(Outcome.MMIO, t.kernel("no memslot: emulated as MMIO", KernelFact.FAULTIN_GMEM)
                    .outcome("KVM_EXIT_MMIO", null).build());
        }
        return k.guestFault(s.get(), gpa, PAGE, g.access(), vm.isPrivate(gpa), Origin.NONE);
    }

    private static Result kvmAccess(VmState vm, Kernel k, Operation.KvmAccess a) {
        long gpa = a.gpa() & -PAGE;
        var t = Trace.builder("kvm_" + (a.access() == Access.WRITE ? "write" : "read") + "_guest gpa " + hex(a.gpa()));
        t.kernel("gfn_to_hva_memslot → __copy_" + (a.access() == Access.WRITE ? "to" : "from") + "_user",
                KernelFact.KVM_UACCESS);
        var s = vm.slotAt(gpa);
        if (s.isEmpty()) {
            return Result.of(Outcome.EFAULT, t.outcome("EFAULT: no memslot", null).build());
        }
        if (a.access() == Access.WRITE && s.get().flags.contains(SlotFlag.READONLY)) {
            return Result.of(Outcome.EFAULT, t.outcome("EFAULT: KVM_HVA_ERR_RO_BAD", null).build());
        }
        long hva = Kernel.hva(s.get(), gpa);
        var u = k.uaccess(hva, PAGE, t);
        if (u.verdict() != Uaccess.OK) {
            return Result.of(Outcome.EFAULT, t.outcome("EFAULT", null).build());
        }
        // The copy goes through the user page tables, so it faults the page in (secretmem included).
        var vma = vm.vmaAt(hva);
        if (vma.isPresent() && vma.get().backing.isSecretmem()) {
            t.kernel("__copy_to_user/__copy_from_user faults the secretmem page in", KernelFact.POPULATE_SECRETMEM);
            k.fault(vma.get(), hva - vma.get().start, PAGE, a.access(), t);
        }
        return Result.ok(t.outcome("ok", null).build());
    }

    private static Result pin(VmState vm, Kernel k, Backing b, String what, boolean fast, Outcome failure,
            boolean longterm) {
        var t = Trace.builder(what + " over " + b.describe());
        t.kernel(fast ? "GUP-fast, then slow GUP" : "slow GUP", KernelFact.HOST_GUP_USERS);
        var vma = vm.firstVma(b);
        if (vma.isEmpty()) {
            return Result.of(failure, t.outcome(failure.name() + ": " + b.name() + " is not mapped", null).build());
        }
        var g = k.gup(vma.get().start, vma.get().length, fast, t);
        if (longterm && (g.verdict() == Gup.OK || g.verdict() == Gup.LET_THROUGH)) {
            var lt = k.longtermFilePin(vma.get(), what, t, Origin.NONE);
            if (lt.isPresent()) {
                return lt.get();
            }
        }
        if (g.verdict() == Gup.MAY_LET_THROUGH) {
            t.outcome("may ok or " + failure.name() + ": a race in GUP-fast", KernelFact.GUP_FAST_RACE);
            return new Result(Outcome.UNKNOWN, t.build(), Optional.empty(), java.util.Set.of(Outcome.OK, failure));
        }
        return g.verdict() == Gup.OK || g.verdict() == Gup.LET_THROUGH ? Result.ok(t.outcome("ok", null).build())
                : Result.of(failure, t.outcome(failure.name(), null).build());
    }

    private static Result remote(BringUp bu, Backing b, String what, boolean eio) {
        var vma = bu.state.firstVma(b);
        if (vma.isEmpty()) {
            var failure = eio ? Outcome.EIO : Outcome.EFAULT;
            return Result.of(failure, Trace.builder(what + " of " + b.name())
                    .outcome(failure.name() + ": not mapped", null).build());
        }
        return bu.remoteRead(vma.get(), what, eio, Origin.NONE);
    }
}
