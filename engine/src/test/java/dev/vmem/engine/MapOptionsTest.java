package dev.vmem.engine;

import static dev.vmem.engine.Models.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.model.BackingDecl;
import dev.vmem.engine.model.BackingKind;
import dev.vmem.engine.model.DeviceDecl;
import dev.vmem.engine.model.DevicePath;
import dev.vmem.engine.model.FileSystem;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.HostOperation;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.MapOptions;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Rule;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Mapping options (thp, dontdump, noreserve, locked, numa, mergeable) and a file backing's file
 * system (kernel-facts.md §10.6 and §10.2 item 18): one case on each side of each boundary.
 */
class MapOptionsTest {

    private static final Origin OPT = Origin.named("option");

    private static MapDecl map(String backing, Sharing sharing, MapOptions options) {
        return MapDecl.of(backing, sharing).with(options);
    }

    private static List<Finding> findings(Report r, Rule rule) {
        return r.findings(rule.code());
    }

    private static Finding one(Report r, Rule rule, Outcome outcome, Origin origin) {
        var list = findings(r, rule);
        assertThat(list).as("findings of %s", rule.code()).hasSize(1);
        var f = list.get(0);
        assertThat(f.severity()).isEqualTo(rule.severity());
        assertThat(f.outcome()).isEqualTo(outcome);
        assertThat(f.origin()).isEqualTo(origin);
        return f;
    }

    // ---- KSM ----------------------------------------------------------------------------------------

    @Test
    void mergeableIsIgnoredOnSharedAndHugetlbMappingsOnly() {
        var shared = vm("v").backing(memfd("ram", 64 * MIB)).map(MapDecl.of("ram", Sharing.SHARED).merged()).build();
        var f = one(run(kernel("7.0"), shared), Rule.ADVICE_IGNORED, Outcome.OK, Origin.named("map ram"));
        assertThat(f.data()).containsEntry("option", "mergeable");

        var priv = vm("v").backing(anon("ram", 64 * MIB)).map(MapDecl.of("ram", Sharing.PRIVATE).merged()).build();
        assertThat(findings(run(kernel("7.0"), priv), Rule.ADVICE_IGNORED)).isEmpty();

        var huge = new BackingDecl("h", BackingKind.ANONYMOUS, 64 * MIB, Origin.named("h.size"), 2 * MIB,
                Origin.named("h.hugetlb"), List.of(), null, Origin.named("h"));
        var hugePriv = vm("v").backing(huge).map(MapDecl.of("h", Sharing.PRIVATE).merged()).build();
        one(run(kernel("7.0"), hugePriv), Rule.ADVICE_IGNORED, Outcome.OK, Origin.named("map h"));
    }

    // ---- THP ----------------------------------------------------------------------------------------

    @Test
    void thpOnIsIgnoredOnOrderZeroMemoryOnly() {
        var on = MapOptions.NONE.withThp(MapOptions.Thp.ON, OPT);
        var g = vm("v").backing(gmem("g", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED))
                .map(map("g", Sharing.SHARED, on)).build();
        one(run(kernel("7.0"), g), Rule.ADVICE_IGNORED, Outcome.OK, OPT);

        var s = vm("v").backing(secret("s", 8 * MIB)).map(map("s", Sharing.SHARED, on)).build();
        one(run(kernel("7.0"), s), Rule.ADVICE_IGNORED, Outcome.OK, OPT);

        var a = vm("v").backing(anon("a", 64 * MIB)).map(map("a", Sharing.PRIVATE, on)).build();
        assertThat(findings(run(kernel("7.0"), a), Rule.ADVICE_IGNORED)).isEmpty();

        var off = vm("v").backing(gmem("g", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED))
                .map(map("g", Sharing.SHARED, MapOptions.NONE.withThp(MapOptions.Thp.OFF, OPT))).build();
        assertThat(findings(run(kernel("7.0"), off), Rule.ADVICE_IGNORED)).isEmpty();
    }

    // ---- dontdump -----------------------------------------------------------------------------------

    @Test
    void dontdumpLeavesMemoryOutOfTheCoreDump() {
        var dd = vm("v").backing(anon("ram", 64 * MIB))
                .map(map("ram", Sharing.PRIVATE, MapOptions.NONE.withDontdump(OPT))).host(HostOperation.COREDUMP).build();
        var f = one(run(kernel("7.0"), dd), Rule.COREDUMP_OMITS_GUEST_MEMORY, Outcome.OK, Origin.named("host coredump"));
        assertThat(f.related()).extracting(x -> x.origin()).containsExactly(OPT);

        var dumped = vm("v").backing(anon("ram", 64 * MIB)).map(MapDecl.of("ram", Sharing.PRIVATE))
                .host(HostOperation.COREDUMP).build();
        assertThat(findings(run(kernel("7.0"), dumped), Rule.COREDUMP_OMITS_GUEST_MEMORY)).isEmpty();

        var noDump = vm("v").backing(anon("ram", 64 * MIB))
                .map(map("ram", Sharing.PRIVATE, MapOptions.NONE.withDontdump(OPT))).build();
        assertThat(findings(run(kernel("7.0"), noDump), Rule.COREDUMP_OMITS_GUEST_MEMORY)).isEmpty();
    }

    // ---- locked -------------------------------------------------------------------------------------

    @Test
    void lockedMappingsAreChargedToRlimitMemlock() {
        var locked = MapOptions.NONE.withLocked(false, OPT);
        var over = vm("v").memlock(32 * MIB).backing(anon("ram", 64 * MIB)).map(map("ram", Sharing.PRIVATE, locked))
                .build();
        one(run(kernel("7.0"), over), Rule.MLOCK_LIMIT_EXCEEDED, Outcome.EAGAIN, OPT);

        var at = vm("v").memlock(64 * MIB).backing(anon("ram", 64 * MIB)).map(map("ram", Sharing.PRIVATE, locked))
                .build();
        assertThat(findings(run(kernel("7.0"), at), Rule.MLOCK_LIMIT_EXCEEDED)).isEmpty();

        var zero = vm("v").memlock(0).backing(anon("ram", 4 * MIB)).map(map("ram", Sharing.PRIVATE, locked)).build();
        one(run(kernel("7.0"), zero), Rule.MLOCK_LIMIT_EXCEEDED, Outcome.EPERM, OPT);

        var unlimited = vm("v").backing(anon("ram", 64 * GIB)).map(map("ram", Sharing.PRIVATE, locked)).build();
        assertThat(findings(run(kernel("7.0"), unlimited), Rule.MLOCK_LIMIT_EXCEEDED)).isEmpty();

        // The second locked mapping is the one over the limit: the first is charged.
        var two = vm("v").memlock(96 * MIB).backing(anon("a", 64 * MIB)).backing(anon("b", 64 * MIB))
                .map(map("a", Sharing.PRIVATE, locked))
                .map(MapDecl.of("b", Sharing.PRIVATE).with(MapOptions.NONE.withLocked(true, Origin.named("second"))))
                .build();
        one(run(kernel("7.0"), two), Rule.MLOCK_LIMIT_EXCEEDED, Outcome.EAGAIN, Origin.named("second"));
    }

    @Test
    void lockedIsIgnoredOnHugetlbAndSecretmem() {
        var locked = MapOptions.NONE.withLocked(false, OPT);
        var s = vm("v").backing(secret("s", 8 * MIB)).map(map("s", Sharing.SHARED, locked)).build();
        one(run(kernel("7.0"), s), Rule.ADVICE_IGNORED, Outcome.OK, OPT);
        var a = vm("v").backing(anon("a", 8 * MIB)).map(map("a", Sharing.PRIVATE, locked)).build();
        assertThat(findings(run(kernel("7.0"), a), Rule.ADVICE_IGNORED)).isEmpty();
    }

    // ---- numa ---------------------------------------------------------------------------------------

    @Test
    void numaOnGuestMemfdIsHonouredFrom619() {
        var numa = MapOptions.NONE.withNuma(MapOptions.NumaPolicy.BIND, List.of(0), OPT);
        var g = vm("v").backing(gmem("g", 64 * MIB, GmemFlag.MMAP, GmemFlag.INIT_SHARED))
                .map(map("g", Sharing.SHARED, numa)).build();
        var f = one(run(kernel("6.18"), g), Rule.ADVICE_IGNORED, Outcome.UNKNOWN, OPT);
        assertThat(f.data()).containsEntry("option", "numa");
        assertThat(findings(run(kernel("6.19"), g), Rule.ADVICE_IGNORED)).isEmpty();
        var a = vm("v").backing(anon("a", 64 * MIB)).map(map("a", Sharing.PRIVATE, numa)).build();
        assertThat(findings(run(kernel("6.18"), a), Rule.ADVICE_IGNORED)).isEmpty();
    }

    // ---- noreserve ----------------------------------------------------------------------------------

    @Test
    void noreserveOnHugetlbIsNotModelled() {
        var nr = MapOptions.NONE.withNoreserve(OPT);
        var huge = new BackingDecl("h", BackingKind.ANONYMOUS, 64 * MIB, Origin.named("h.size"), 2 * MIB,
                Origin.named("h.hugetlb"), List.of(), null, Origin.named("h"));
        one(run(kernel("7.0"), vm("v").backing(huge).map(map("h", Sharing.PRIVATE, nr)).build()), Rule.NOT_MODELLED,
                Outcome.UNKNOWN, OPT);
        assertThat(findings(run(kernel("7.0"), vm("v").backing(anon("a", 64 * MIB)).map(map("a", Sharing.PRIVATE, nr))
                .build()), Rule.NOT_MODELLED)).isEmpty();
    }

    // ---- file system --------------------------------------------------------------------------------

    private static Report pinFile(String version, FileSystem fs, Sharing sharing) {
        var file = new BackingDecl("f", BackingKind.FILE, 4 * MIB, Origin.named("f.size"), 0, Origin.NONE, List.of(),
                "/srv/vm/ram", Origin.named("f"));
        if (fs != null) {
            file = file.on(fs, Origin.named("f.fs"));
        }
        return run(kernel(version), vm("v").backing(file).map(MapDecl.of("f", sharing))
                .slot(SlotDecl.userspace(0, 0, "f")).device(DeviceDecl.of("nic", "vfio", DevicePath.VFIO)).build());
    }

    @Test
    void theDeclaredFileSystemDecidesLongtermPins() {
        var xfs = one(pinFile("6.5", FileSystem.XFS, Sharing.SHARED), Rule.LONGTERM_PIN_FILE_MAPPING, Outcome.EFAULT,
                Origin.named("device nic"));
        assertThat(xfs.related()).extracting(x -> x.origin()).containsExactly(Origin.named("f.fs"));
        assertThat(findings(pinFile("6.4", FileSystem.XFS, Sharing.SHARED), Rule.LONGTERM_PIN_FILE_MAPPING)).isEmpty();
        assertThat(findings(pinFile("6.5", FileSystem.XFS, Sharing.PRIVATE), Rule.LONGTERM_PIN_FILE_MAPPING)).isEmpty();
        assertThat(findings(pinFile("6.5", FileSystem.TMPFS, Sharing.SHARED), Rule.LONGTERM_PIN_FILE_MAPPING)).isEmpty();
        assertThat(findings(pinFile("6.5", FileSystem.DEVDAX, Sharing.SHARED), Rule.LONGTERM_PIN_FILE_MAPPING)).isEmpty();
        one(pinFile("6.1", FileSystem.FSDAX, Sharing.PRIVATE), Rule.LONGTERM_PIN_FILE_MAPPING, Outcome.EOPNOTSUPP,
                Origin.named("device nic"));
        one(pinFile("5.15", FileSystem.FSDAX, Sharing.SHARED), Rule.LONGTERM_PIN_FILE_MAPPING, Outcome.UNKNOWN,
                Origin.named("device nic"));
        // Without a file system the path decides, as before: a "may".
        one(pinFile("6.5", null, Sharing.SHARED), Rule.LONGTERM_PIN_FILE_MAPPING, Outcome.UNKNOWN,
                Origin.named("device nic"));
    }
}
