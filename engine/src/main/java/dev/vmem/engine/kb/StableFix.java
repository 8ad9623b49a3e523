package dev.vmem.engine.kb;

import java.util.List;
import java.util.Optional;

/**
 * Fixes whose behaviour change reached stable series at different point releases: the first
 * mainline release with the fix, the first fixed point release of each stable series that got it,
 * and the series whose backport status is not known. A full version ({@code 6.6.26}) decides
 * exactly; a bare series ({@code 6.6}) with a backport is ambiguous and reported as such.
 */
public enum StableFix {
    /** 65291dcfcf89 "mm/secretmem: fix GUP-fast succeeding on secretmem folios" (CVE-2024-35872). */
    SECRETMEM_GUP_FAST("the secretmem GUP-fast fix (65291dcfcf89)", KernelVersion.of(5, 14), KernelVersion.of(6, 9),
            List.of(v(5, 15, 154), v(6, 1, 85), v(6, 6, 26), v(6, 8, 5)), List.of()),
    /** "secretmem: disable memfd_secret() if arch cannot set direct map" (CVE-2024-50182). */
    ARM64_SECRETMEM_DISABLE("the arm64 memfd_secret disable (CVE-2024-50182)", KernelVersion.of(5, 14),
            KernelVersion.of(6, 12), List.of(v(5, 15, 169), v(6, 1, 113), v(6, 6, 57), v(6, 11, 4)), List.of()),
    /** 9935df5333aa "KVM: Disallow toggling KVM_MEM_GUEST_MEMFD on an existing memslot" (CVE-2025-68810). */
    GMEM_FLAG_TOGGLE("the guest_memfd flag-toggle fix (9935df5333aa)", KernelVersion.of(6, 8), KernelVersion.of(6, 19),
            List.of(v(6, 12, 64), v(6, 18, 3)), List.of()),
    /** "KVM: guest_memfd: Remove bindings on memslot deletion when gmem is dying" (CVE-2025-40274). */
    GMEM_DYING_SLOT_DELETE("the dying-guest_memfd slot-deletion fix (CVE-2025-40274)", KernelVersion.of(6, 8),
            KernelVersion.of(6, 18), List.of(v(6, 12, 59), v(6, 17, 9)), List.of()),
    /** "mm/secretmem: properly account locked pages" (CVE-2026-93243); 6.6.y was not checked. */
    SECRETMEM_ACCOUNTING("the secretmem accounting change (CVE-2026-93243)", KernelVersion.of(5, 14),
            KernelVersion.of(7, 3), List.of(v(6, 1, 191), v(6, 12, 113), v(6, 18, 52), v(7, 2, 5)),
            List.of(KernelVersion.of(6, 6))),
    /** 7ea987a90585 "KVM: guest_memfd: Return -EEXIST for overlapping bindings" (7.2; the bind rework in 6.12.118). */
    GMEM_BIND_EEXIST("-EEXIST for overlapping guest_memfd bindings (7ea987a90585)", KernelVersion.of(6, 8),
            KernelVersion.of(7, 2), List.of(v(6, 12, 118)), List.of());

    private final String title;
    private final KernelVersion since;
    private final KernelVersion mainline;
    private final List<KernelVersion> stable;
    private final List<KernelVersion> unchecked;

    StableFix(String title, KernelVersion since, KernelVersion mainline, List<KernelVersion> stable,
            List<KernelVersion> unchecked) {
        this.title = title;
        this.since = since;
        this.mainline = mainline;
        this.stable = stable;
        this.unchecked = unchecked;
    }

    private static KernelVersion v(int a, int b, int c) {
        return new KernelVersion(a, b, c);
    }

    public String title() {
        return title;
    }

    /** The first mainline release with the fix. */
    public KernelVersion mainline() {
        return mainline;
    }

    /** The first fixed point release of each stable series that got the fix. */
    public List<KernelVersion> stable() {
        return stable;
    }

    /** Whether a declared kernel carries the fix. */
    public enum State {
        /** The code the fix changes does not exist yet. */
        NOT_APPLICABLE,
        /** The kernel carries the fix. */
        FIXED,
        /** The kernel does not carry it. */
        UNFIXED,
        /** A bare series whose point releases differ, or a series whose backport is not known. */
        DEPENDS
    }

    /** The first fixed release of {@code series}'s stable line, if it got a backport. */
    public Optional<KernelVersion> firstFixedIn(KernelVersion series) {
        return stable.stream().filter(s -> s.series().equals(series.series())).findFirst();
    }

    /** Whether the series' backport status is unknown. */
    public boolean unchecked(KernelVersion series) {
        return unchecked.contains(series.series());
    }

    /** The state for a declared version ({@code patch} 0 means only the series was given). */
    public State state(KernelVersion declared) {
        var series = declared.series();
        if (series.compareTo(since) < 0) {
            return State.NOT_APPLICABLE;
        }
        if (series.compareTo(mainline) >= 0) {
            return State.FIXED;
        }
        var first = firstFixedIn(series);
        if (first.isPresent()) {
            if (declared.patch() == 0) {
                return State.DEPENDS;
            }
            return declared.compareTo(first.get()) >= 0 ? State.FIXED : State.UNFIXED;
        }
        return unchecked(series) ? State.DEPENDS : State.UNFIXED;
    }

    /** "fixed in 6.9 and stable 5.15.154, 6.1.85, …". */
    public String releases() {
        var sb = new StringBuilder("mainline ").append(mainline);
        if (!stable.isEmpty()) {
            sb.append("; stable ").append(String.join(", ", stable.stream().map(KernelVersion::toString).toList()));
        }
        return sb.toString();
    }

    /** Why a bare series is ambiguous: names the first fixed release, or says the series was not checked. */
    public String ambiguity(KernelVersion declared) {
        var first = firstFixedIn(declared.series());
        if (first.isPresent()) {
            return "Linux " + declared.series() + " before " + first.get() + " lacks " + title + ", " + first.get()
                    + " and later carry it: state the full version (e.g. " + first.get() + ")";
        }
        return "whether Linux " + declared.series() + ".y carries " + title + " is not known (" + releases() + ")";
    }
}
