package dev.vmem.engine.model;

/** KVM_CREATE_VM types (x86 values 0–5; arm64 knows only the default). */
public enum VmType {
    DEFAULT("default", 0),
    SW_PROTECTED("sw_protected", 1),
    SEV("sev", 2),
    SEV_ES("sev_es", 3),
    SNP("snp", 4),
    TDX("tdx", 5);

    private final String keyword;
    private final int value;

    VmType(String keyword, int value) {
        this.keyword = keyword;
        this.value = value;
    }

    public String keyword() {
        return keyword;
    }

    /** The KVM_CREATE_VM type value on x86. */
    public int value() {
        return value;
    }

    /** kvm_arch_has_private_mem(): SW_PROTECTED, SNP and TDX track private memory. */
    public boolean hasPrivateMemory() {
        return this == SW_PROTECTED || this == SNP || this == TDX;
    }
}
