package dev.vmem.importers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;

/**
 * Reads the running machine as a kernel profile, without root: the release
 * ({@code /proc/sys/kernel/osrelease}, what {@code uname -r} prints), the build options
 * ({@code /proc/config.gz} or {@code /boot/config-RELEASE}), KVM module parameters
 * ({@code /sys/module/kvm*}/parameters), CPU flags and the physical address width
 * ({@code /proc/cpuinfo}), and says what it could not determine.
 *
 * <p>Everything is read below a root folder ({@code /} for the real host), so tests use a fake tree.
 * Files are read up to a bound; nothing needs privileges.
 */
public final class HostKernel {

    private static final long MAX_READ = 8L << 20;
    private static final Pattern RELEASE = Pattern.compile("^(\\d{1,4})\\.(\\d{1,4})(?:\\.(\\d{1,6}))?");
    private static final Pattern ADDRESS_SIZES = Pattern.compile("address sizes\\s*:\\s*(\\d+) bits physical");

    /** Build options that decide what the model's kernel can do; reported as comments. */
    static final List<String> CONFIG_OPTIONS = List.of("CONFIG_KVM", "CONFIG_KVM_GUEST_MEMFD", "CONFIG_KVM_SW_PROTECTED_VM",
            "CONFIG_KVM_AMD_SEV", "CONFIG_KVM_INTEL_TDX", "CONFIG_SECRETMEM", "CONFIG_TRANSPARENT_HUGEPAGE",
            "CONFIG_HUGETLBFS", "CONFIG_KSM", "CONFIG_VHOST_NET", "CONFIG_VFIO", "CONFIG_HIBERNATION");

    /** Module parameters that matter to memory setups; reported as comments. */
    static final List<String> MODULE_PARAMETERS = List.of("kvm_intel/parameters/tdx", "kvm_amd/parameters/sev",
            "kvm_amd/parameters/sev_es", "kvm_amd/parameters/sev_snp", "vhost_net/parameters/experimental_zcopytx",
            "secretmem/parameters/enable");

    private HostKernel() {
    }

    /** The host below {@code root} as a profile named {@code host}. */
    public static KernelChoice read(Path root) {
        var lines = new ArrayList<String>();
        var header = new ArrayList<String>();
        var notes = new ArrayList<Note>();
        header.add("The running host, read by vmem without root. Build options and module parameters the");
        header.add("language has no setting for are listed as comments.");

        Optional<String> release = readSmall(root.resolve("proc/sys/kernel/osrelease")).map(String::strip);
        String version = null;
        if (release.isPresent()) {
            Matcher m = RELEASE.matcher(release.get());
            if (m.find()) {
                version = m.group(1) + "." + m.group(2) + (m.group(3) == null ? "" : "." + m.group(3));
            }
        }
        if (version == null) {
            notes.add(unknown("the kernel release (/proc/sys/kernel/osrelease unreadable or not MAJOR.MINOR): the profile says 6.1, change it"));
            lines.add("version 6.1" + pad("version 6.1") + "// UNKNOWN: could not read the release");
        } else {
            String v = "version " + version;
            lines.add(v + pad(v) + "// uname -r: " + clean(release.get())
                    + (release.get().strip().equals(version) ? "" : " (a distribution kernel may carry backports: [U])"));
        }

        String arch = readSmall(root.resolve("proc/sys/kernel/arch")).map(String::strip).orElse(null);
        String archKeyword = arch == null ? null : switch (arch) {
            case "x86_64" -> "x86_64";
            case "aarch64", "arm64" -> "arm64";
            default -> null;
        };
        if (archKeyword == null) {
            notes.add(unknown("the architecture (/proc/sys/kernel/arch " + (arch == null ? "unreadable" : "is " + clean(arch))
                    + "): the profile says x86_64"));
            lines.add("arch x86_64" + pad("arch x86_64") + "// UNKNOWN: assumed");
        } else {
            lines.add("arch " + archKeyword);
        }

        Optional<String> secretmem = readSmall(root.resolve("sys/module/secretmem/parameters/enable")).map(String::strip);
        if (secretmem.isPresent() && (secretmem.get().equals("Y") || secretmem.get().equals("N"))) {
            String p = "param secretmem.enable " + (secretmem.get().equals("Y") ? "on" : "off");
            lines.add(p + pad(p) + "// /sys/module/secretmem/parameters/enable");
        } else {
            notes.add(unknown("secretmem.enable (/sys/module/secretmem/parameters/enable unreadable): the release's default applies"));
        }

        // Build options.
        Map<String, String> config = readConfig(root, release.orElse(""), notes);
        if (config != null) {
            for (String option : CONFIG_OPTIONS) {
                String value = config.getOrDefault(option, "is not set");
                lines.add("// " + option + (value.equals("is not set") ? " is not set" : "=" + value));
            }
        }
        // Module parameters.
        for (String p : MODULE_PARAMETERS) {
            Optional<String> value = readSmall(root.resolve("sys/module").resolve(p)).map(String::strip);
            value.ifPresent(v -> lines.add("// " + p.replace("/parameters/", ".") + " = " + clean(v)));
        }
        if (!Files.isDirectory(root.resolve("sys/module/kvm"))) {
            notes.add(unknown("KVM module parameters (/sys/module/kvm is missing: KVM not loaded, or not readable)"));
        }
        // CPU flags and address width.
        Optional<String> cpuinfo = readSmall(root.resolve("proc/cpuinfo"));
        if (cpuinfo.isEmpty()) {
            notes.add(unknown("CPU flags and the physical address width (/proc/cpuinfo unreadable)"));
        } else {
            String flags = "";
            for (String line : cpuinfo.get().split("\n")) {
                if (line.startsWith("flags") || line.startsWith("Features")) {
                    flags = " " + line.substring(line.indexOf(':') + 1).strip() + " ";
                    break;
                }
            }
            var cc = new ArrayList<String>();
            for (String f : List.of("tdx_host_platform", "sev", "sev_es", "sev_snp", "vmx", "svm")) {
                if (flags.contains(" " + f + " ")) {
                    cc.add(f);
                }
            }
            lines.add("// CPU flags: " + (cc.isEmpty() ? "none of vmx, svm, sev, sev_es, sev_snp, tdx_host_platform" : String.join(" ", cc)));
            Matcher m = ADDRESS_SIZES.matcher(cpuinfo.get());
            if (m.find()) {
                lines.add("// physical address width: " + m.group(1) + " bits");
            } else {
                notes.add(unknown("the physical address width (no 'address sizes' line in /proc/cpuinfo)"));
            }
        }
        for (Note n : notes) {
            lines.add("// UNKNOWN: " + n.message());
        }
        return new KernelChoice("host", lines, header, notes);
    }

    private static Map<String, String> readConfig(Path root, String release, List<Note> notes) {
        Path gz = root.resolve("proc/config.gz");
        try {
            if (Files.isReadable(gz)) {
                try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
                    return parseConfig(readBounded(in));
                }
            }
        } catch (IOException e) {
            // fall through to /boot
        }
        if (!release.isBlank() && !release.contains("/")) {
            Optional<String> boot = readSmall(root.resolve("boot").resolve("config-" + release.strip()));
            if (boot.isPresent()) {
                return parseConfig(boot.get());
            }
        }
        notes.add(unknown("the build options (neither /proc/config.gz nor /boot/config-RELEASE is readable)"));
        return null;
    }

    static Map<String, String> parseConfig(String text) {
        var map = new LinkedHashMap<String, String>();
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.startsWith("CONFIG_")) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    map.put(line.substring(0, eq), clean(line.substring(eq + 1)));
                }
            }
        }
        return map;
    }

    private static Optional<String> readSmall(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return Optional.of(readBounded(in));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String readBounded(InputStream in) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        long total = 0;
        int n;
        while ((n = in.read(buffer)) > 0) {
            total += n;
            if (total > MAX_READ) {
                throw new IOException("larger than " + MAX_READ + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static Note unknown(String what) {
        return new Note(Note.HOST_UNKNOWN, "info", "could not determine " + what, SourcePosition.START);
    }

    private static String pad(String code) {
        return " ".repeat(Math.max(1, 36 - code.length()));
    }

    /** Printable, one line, bounded. */
    static String clean(String s) {
        String t = s.replaceAll("[^\\x20-\\x7e]", "?");
        return t.length() > 120 ? t.substring(0, 120) + "..." : t;
    }
}
