package dev.vmem.dsl.codes;

import dev.vmem.engine.report.Severity;
import java.util.Arrays;
import java.util.Optional;

/**
 * The codes of {@code vmem import} and {@code vmem check --from}: what the importers say about a VMM
 * configuration itself, located in the original file (docs/importers.md). Same shape as the engine's
 * rules and the language's codes; each has a page under {@code docs/rules/}.
 */
public enum ImportCode implements TextCode {
    IMPORT_ERROR("import-error", Severity.ERROR, "VMM configuration cannot be imported",
            "The configuration is malformed (JSON, XML, arguments), has a field or option its VMM does not know, or is past a size or depth limit. Nothing is checked or written; the exit code is 2.",
            "Correct the configuration at the position given; the message names what the VMM expects there."),
    VMM_REFUSES("vmm-refuses", Severity.ERROR, "The VMM refuses this configuration",
            "The VMM's own validation rejects this combination before the kernel sees it; the message cites the VMM source that refuses it.",
            "Change the configuration as the VMM's message says; the kernel-side findings assume a VM the VMM would start."),
    IMPORT_NOT_MODELLED("import-not-modelled", Severity.INFO, "Setting not modelled",
            "The configuration sets something VMem knows but does not model (for example transparent huge pages, MADV_DONTDUMP or a NUMA policy); no finding depends on it.",
            "Nothing to fix in the configuration; the setting is named so that it is not silently dropped."),
    IMPORT_DEFAULT_KERNEL("import-default-kernel", Severity.INFO, "Checked against the default kernel profile",
            "vmem check --from or vmem import without --kernel: the configuration was checked against the built-in default profile.",
            "Pass --kernel VERSION, or --kernel host for the running machine."),
    HOST_KERNEL_UNKNOWN("host-kernel-unknown", Severity.INFO, "Host kernel detail not determined",
            "--kernel host: something about the running machine (a build option, a module parameter, a CPU flag, the address width) could not be read without root; the profile uses a default for it.",
            "Make /proc/config.gz or /boot/config-RELEASE readable, or write the kernel block by hand (vmem kernel --host prints one to keep).");

    private final CodeText text;

    ImportCode(String code, Severity severity, String title, String whenItFires, String fix) {
        this.text = new CodeText(code, severity, title, whenItFires, fix);
    }

    @Override
    public CodeText text() {
        return text;
    }

    public static Optional<ImportCode> byCode(String code) {
        return Arrays.stream(values()).filter(c -> c.code().equals(code)).findFirst();
    }
}
