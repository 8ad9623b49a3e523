package dev.vmem.importers;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The configuration formats VMem imports (docs/importers.md). */
public enum VmmFormat {
    FIRECRACKER("firecracker", ".json"),
    CLOUD_HYPERVISOR("cloud-hypervisor", ".args", ".json"),
    LIBVIRT("libvirt", ".xml"),
    QEMU("qemu", ".args");

    private final String keyword;
    private final java.util.List<String> extensions;

    VmmFormat(String keyword, String... extensions) {
        this.keyword = keyword;
        this.extensions = java.util.List.of(extensions);
    }

    /**
     * The file name endings {@code vmem check --from FORMAT FOLDER} looks for in a folder (a file named
     * on the command line is read whatever its name): Firecracker {@code .json}; Cloud Hypervisor
     * {@code .args} (a command line) and {@code .json} (a VmConfig); libvirt {@code .xml}; QEMU
     * {@code .args} (a command line or argument file).
     */
    public java.util.List<String> extensions() {
        return extensions;
    }

    /** The name on the command line ({@code --from NAME}). */
    public String keyword() {
        return keyword;
    }

    public static Optional<VmmFormat> byKeyword(String name) {
        return Arrays.stream(values()).filter(f -> f.keyword.equalsIgnoreCase(name)).findFirst();
    }

    /** "firecracker, cloud-hypervisor, libvirt, qemu". */
    public static String keywords() {
        return Arrays.stream(values()).map(VmmFormat::keyword).collect(Collectors.joining(", "));
    }

    /** The importer of this format. */
    public Importer importer() {
        return switch (this) {
            case FIRECRACKER -> new FirecrackerImporter();
            case CLOUD_HYPERVISOR -> new CloudHypervisorImporter();
            case LIBVIRT -> new LibvirtImporter();
            case QEMU -> new QemuImporter();
        };
    }
}
