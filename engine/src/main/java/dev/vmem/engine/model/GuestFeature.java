package dev.vmem.engine.model;

/** Paravirtual features whose kernel side touches guest memory ({@code clock} and {@code uses}). */
public enum GuestFeature {
    /** The pvclock page, written through a gfn_to_pfn_cache. */
    KVMCLOCK("kvmclock"),
    /** MSR_KVM_STEAL_TIME, a gfn_to_hva_cache written with user accessors. */
    STEAL_TIME("steal_time"),
    /** MSR_KVM_PV_EOI_EN, uaccess. */
    PV_EOI("pv_eoi"),
    /** MSR_KVM_ASYNC_PF_EN data, uaccess. */
    ASYNC_PF("async_pf"),
    /** Xen shared_info / vcpu_info / runstate, HVA-based pfncaches. */
    XEN_SHARED_INFO("xen_shared_info"),
    /** Nested VMX/SVM: kvm_vcpu_map of vmcb12, virtual-APIC page, MSR bitmaps and the like. */
    NESTED("nested");

    private final String keyword;

    GuestFeature(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
