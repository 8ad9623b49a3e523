package dev.vmem.engine.model;

import java.util.Objects;

/**
 * A kernel build option the profile states: {@code config OPTION on|off}. Options left out are
 * unknown, and whatever depends on them is reported as "may".
 *
 * @param option  which option
 * @param enabled whether the kernel was built with it
 * @param origin  where it is written
 */
public record ConfigDecl(Option option, boolean enabled, Origin origin) {

    public ConfigDecl {
        Objects.requireNonNull(option, "option");
        origin = origin == null ? Origin.NONE : origin;
    }

    /** The build options the knowledge base knows. */
    public enum Option {
        /** CONFIG_KVM_SW_PROTECTED_VM (depends on EXPERT): KVM_X86_SW_PROTECTED_VM and, 6.8–6.10, guest_memfd. */
        KVM_SW_PROTECTED_VM("kvm_sw_protected_vm"),
        /** CONFIG_KVM_SMM: the second (SMM) memslot address space on x86. */
        KVM_SMM("kvm_smm"),
        /** CONFIG_KVM_GENERIC_MEMORY_ATTRIBUTES: KVM_SET_MEMORY_ATTRIBUTES exists. */
        KVM_GENERIC_MEMORY_ATTRIBUTES("kvm_generic_memory_attributes");

        private final String keyword;

        Option(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }
}
