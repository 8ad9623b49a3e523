package dev.vmem.engine.model;

import java.util.Objects;

/**
 * A kernel parameter set on the command line or as a module parameter.
 *
 * @param param   which parameter
 * @param enabled its value
 * @param origin  where it is written
 */
public record ParamDecl(Param param, boolean enabled, Origin origin) {

    public ParamDecl {
        Objects.requireNonNull(param, "param");
        origin = origin == null ? Origin.NONE : origin;
    }

    /** Kernel parameters the knowledge base knows. */
    public enum Param {
        /** {@code secretmem.enable}: off by default before 6.5, on from 6.5. */
        SECRETMEM_ENABLE("secretmem.enable"),
        /** {@code guest_memfd_tlb_flush}: Firecracker's out-of-tree parameter, default off, needs no_direct_map. */
        GUEST_MEMFD_TLB_FLUSH("guest_memfd_tlb_flush"),
        /** {@code kvm_intel.ept}: EPT, Intel's two-dimensional paging (TDP); on by default where the CPU has it. */
        EPT("kvm_intel.ept"),
        /** {@code kvm_amd.npt}: nested paging, AMD's TDP; on by default where the CPU has it. */
        NPT("kvm_amd.npt"),
        /** {@code kvm.tdp_mmu}: the TDP MMU (5.10+); on by default on 64-bit hosts, off whenever TDP is. */
        TDP_MMU("kvm.tdp_mmu");

        private final String keyword;

        Param(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }
}
