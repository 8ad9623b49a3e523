package dev.vmem.importers;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The configuration formats VMem imports (docs/importers.md). */
public enum VmmFormat {
    FIRECRACKER("firecracker"),
    CLOUD_HYPERVISOR("cloud-hypervisor"),
    LIBVIRT("libvirt"),
    QEMU("qemu");

    private final String keyword;

    VmmFormat(String keyword) {
        this.keyword = keyword;
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
