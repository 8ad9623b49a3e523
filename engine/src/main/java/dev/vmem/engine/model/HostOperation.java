package dev.vmem.engine.model;

/** Host-side operations expected while a VM runs ({@code host a, b}). */
public enum HostOperation {
    HIBERNATE("hibernate"),
    COREDUMP("coredump"),
    PTRACE("ptrace"),
    PROC_MEM("proc_mem"),
    PROCESS_VM_READV("process_vm_readv");

    private final String keyword;

    HostOperation(String keyword) {
        this.keyword = keyword;
    }

    public String keyword() {
        return keyword;
    }
}
