package dev.vmem.engine;

import static dev.vmem.engine.Models.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.DeviceDecl;
import dev.vmem.engine.model.DevicePath;
import dev.vmem.engine.model.FeatureDecl;
import dev.vmem.engine.model.GmemFlag;
import dev.vmem.engine.model.GuestFeature;
import dev.vmem.engine.model.HostOperation;
import dev.vmem.engine.model.KernelDecl;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.Operation;
import dev.vmem.engine.model.Origin;
import dev.vmem.engine.model.Outcome;
import dev.vmem.engine.model.Program;
import dev.vmem.engine.model.Sharing;
import dev.vmem.engine.model.SlotDecl;
import dev.vmem.engine.model.StepDecl;
import dev.vmem.engine.model.VmDecl;
import dev.vmem.engine.report.Finding;
import dev.vmem.engine.report.Report;
import dev.vmem.engine.report.Rule;
import dev.vmem.engine.report.Severity;
import dev.vmem.engine.scale.RuleMentions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every rule of the registry is exercised by at least one test (style.md, habit 1: "a test fails
 * when a code is … never exercised by a test").
 *
 * <p>The gate scans the test sources of the engine, the DSL and the language server for each code as
 * a string literal or its {@code Rule} constant, outside comments and outside statements that assert
 * absence ({@code isEmpty()}, {@code doesNotContain}, …). The second half of this class holds focused
 * tests for the rules no other test pinned down by code, outcome and origin when it was written.
 */
class RuleCoverageTest {

    // ---- the gate --------------------------------------------------------------------------------------

    @Test
    void everyRuleIsExercisedByATest() {
        var root = RuleMentions.repositoryRoot();
        var mentions = RuleMentions.scan(RuleMentions.testSourceRoots(root));
        var missing = new TreeMap<String, String>();
        for (var e : mentions.entrySet()) {
            if (e.getValue().stream().noneMatch(RuleMentions.Mention::positive)) {
                missing.put(e.getKey().code(), e.getValue().isEmpty() ? "never mentioned"
                        : "only asserted absent at " + e.getValue());
            }
        }
        assertThat(missing).as("rules no test under %s exercises (add a test that makes the engine report them)",
                RuleMentions.TEST_SOURCE_ROOTS).isEmpty();
    }

    @Test
    void codesAreKebabCaseAndUnique() {
        var seen = new HashSet<String>();
        for (var r : Rule.values()) {
            assertThat(r.code()).as(r.name()).matches("[a-z0-9]+(-[a-z0-9]+)*");
            assertThat(seen.add(r.code())).as("duplicate code %s", r.code()).isTrue();
            assertThat(Rule.byCode(r.code())).contains(r);
        }
    }

    /** The scanner itself: literals and constants count, comments and assertions of absence do not. */
    @Test
    void theScannerCountsLiteralsAndConstantsButNotCommentsOrAbsence() {
        // Rules are picked by position and spliced in at run time, so that this test's own source
        // mentions none of them and cannot count as their coverage.
        var rules = Rule.values();
        Rule overlap = rules[0];
        Rule absent = rules[1];
        Rule commented = rules[2];
        Rule blockComment = rules[3];
        Rule escaped = rules[4];
        Rule constant = rules[5];
        Rule negatedConstant = rules[6];
        Rule staticConstant = rules[7];
        String source = String.join("\n",
                "class T {",
                "  // assertThat(problems(r)).containsExactly(" + quoted(commented) + ");",
                "  /* Rule." + blockComment.name() + " */",
                "  void a() {",
                "    assertThat(problems(r)).containsExactly(" + quoted(overlap) + ");",
                "    assertThat(r.findings(" + quoted(absent) + ")).isEmpty();",
                "    var s = \"a;b{c}\" + \"\\\"" + escaped.code() + "\\\"\";",
                "    assertThat(r.findings(Rule." + constant.name() + ".code())).hasSize(1);",
                "    assertThat(codes(r)).doesNotContain(Rule." + negatedConstant.name() + ".code());",
                "  }",
                "}");
        var found = RuleMentions.mentions(source, Path.of("T.java")).stream()
                .collect(Collectors.toMap(RuleMentions.Mention::rule, m -> m.positive() + "@" + m.line()));
        assertThat(found).containsExactlyInAnyOrderEntriesOf(Map.of(overlap, "true@5", absent, "false@6", constant,
                "true@8", negatedConstant, "false@9"));

        String staticImport = "import static dev.vmem.engine.report.Rule.*;\nclass U { Object o = "
                + staticConstant.name() + "; }";
        assertThat(RuleMentions.mentions(staticImport, Path.of("U.java"))).extracting(RuleMentions.Mention::rule)
                .containsExactly(staticConstant);
        String qualifiedOnly = "class V { Object o = " + staticConstant.name() + "; }";
        assertThat(RuleMentions.mentions(qualifiedOnly, Path.of("V.java"))).isEmpty();
    }

    private static String quoted(Rule r) {
        return '"' + r.code() + '"';
    }

    // ---- focused tests -----------------------------------------------------------------------------------

    private static final KernelDecl NDM = noDirectMap(kernel("6.18"), 12);

    /** A Firecracker-style secret-free VM: NO_DIRECT_MAP guest_memfd, mmap-ed, bound to its slot. */
    private static VmDecl.Builder secretFree(long size) {
        return vm("v").backing(gmem("ram", size, GmemFlag.MMAP, GmemFlag.INIT_SHARED, GmemFlag.NO_DIRECT_MAP))
                .map(MapDecl.of("ram", Sharing.SHARED)).slot(SlotDecl.userspace(0, 0, "ram").withGuestMemfd("ram", 0));
    }

    /** The one finding of {@code rule}, checked for the rule's severity, the outcome and the origin. */
    private static Finding only(Report r, Rule rule, Outcome outcome, Origin origin) {
        var list = r.findings(rule.code());
        assertThat(list).as("findings of %s", rule.code()).hasSize(1);
        var f = list.get(0);
        assertThat(f.rule()).isEqualTo(rule);
        assertThat(f.severity()).isEqualTo(rule.severity());
        assertThat(f.outcome()).as("outcome of %s", rule.code()).isEqualTo(outcome);
        assertThat(f.origin()).as("origin of %s", rule.code()).isEqualTo(origin);
        return f;
    }

    /** §1.1 / D12: removing guest RAM from the x86 direct map 4 KiB at a time splits its 2 MiB pages. */
    @Test
    void directMapFragmentation() {
        var r = run(NDM, secretFree(64 * MIB).build());
        assertThat(problems(r)).isEmpty();
        var f = only(r, Rule.DIRECT_MAP_FRAGMENTATION, Outcome.OK, Origin.named("vm v"));
        assertThat(f.severity()).isEqualTo(Severity.INFO);
        assertThat(f.data()).containsEntry("largePagesSplit", "32");
        assertThat(r.exposure("v").orElseThrow().largePagesSplit()).isEqualTo(32);

        // memfd_secret is removed at first fault and splits the same way.
        var secret = vm("s").backing(secret("ram", 8 * MIB)).map(MapDecl.of("ram", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "ram")).build();
        only(run(kernel("7.0"), secret), Rule.DIRECT_MAP_FRAGMENTATION, Outcome.OK, Origin.named("vm s"));

        // arm64 removes at 4 KiB only from a linear map that is 4 KiB already: nothing to split.
        var arm = noDirectMap(KernelDecl.mainline("k", "6.18", Arch.ARM64), 12)
                .withFeature(new FeatureDecl(FeatureDecl.Feature.STAGE2_FWB, Origin.named("fwb")))
                .withFeature(new FeatureDecl(FeatureDecl.Feature.LINEAR_MAP_4K, Origin.named("4k")));
        var onArm = run(arm, secretFree(64 * MIB).build());
        assertThat(problems(onArm)).isEmpty();
        assertThat(onArm.findings(Rule.DIRECT_MAP_FRAGMENTATION.code())).isEmpty();
    }

    /** D7: per VM, the bytes of guest RAM still in the direct map. */
    @Test
    void directMapExposure() {
        var vm = vm("a").backing(anon("ram", GIB)).map(MapDecl.of("ram", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "ram")).build();
        var f = only(run(kernel("7.0"), vm), Rule.DIRECT_MAP_EXPOSURE, Outcome.OK, Origin.named("vm a"));
        assertThat(f.data()).containsEntry("directMapBytes", Long.toString(GIB)).containsEntry("guestBytes",
                Long.toString(GIB));
        assertThat(f.related()).extracting(x -> x.origin()).containsExactly(Origin.named("ram"));

        var removed = only(run(NDM, secretFree(GIB).build()), Rule.DIRECT_MAP_EXPOSURE, Outcome.OK,
                Origin.named("vm v"));
        assertThat(removed.data()).containsEntry("directMapBytes", "0").containsEntry("guestBytes",
                Long.toString(GIB));
    }

    /** §3.7: a core dump skips secretmem (VM_DONTDUMP) and leaves holes for NO_DIRECT_MAP guest_memfd. */
    @Test
    void coredumpOmitsGuestMemory() {
        var r = run(NDM, secretFree(64 * MIB).host(HostOperation.COREDUMP).build());
        var f = only(r, Rule.COREDUMP_OMITS_GUEST_MEMORY, Outcome.OK, Origin.named("host coredump"));
        assertThat(f.related()).extracting(x -> x.origin()).containsExactly(Origin.named("ram"));

        var secret = vm("s").backing(secret("sec", 8 * MIB)).map(MapDecl.of("sec", Sharing.SHARED))
                .host(HostOperation.COREDUMP).build();
        only(run(kernel("7.0"), secret), Rule.COREDUMP_OMITS_GUEST_MEMORY, Outcome.OK, Origin.named("host coredump"));

        var ordinary = vm("m").backing(memfd("ram", 64 * MIB)).map(MapDecl.of("ram", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "ram")).host(HostOperation.COREDUMP).build();
        assertThat(run(kernel("7.0"), ordinary).findings(Rule.COREDUMP_OMITS_GUEST_MEMORY.code())).isEmpty();
    }

    /** §3.6: a vhost-user daemon maps guest memory from fds; private memory cannot be shared with it. */
    @Test
    void vhostUserNeedsSharedMemory() {
        var anonPrivate = vm("v").backing(anon("ram", 64 * MIB)).map(MapDecl.of("ram", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "ram")).device(DeviceDecl.of("blk", "virtio_blk", DevicePath.VHOST_USER))
                .build();
        var r = run(kernel("7.0"), anonPrivate);
        assertThat(problems(r)).containsExactly(Rule.VHOST_USER_NEEDS_SHARED_MEMORY.code());
        only(r, Rule.VHOST_USER_NEEDS_SHARED_MEMORY, Outcome.EBADF, Origin.named("device blk"));

        var memfdPrivate = vm("v").backing(memfd("ram", 64 * MIB)).map(MapDecl.of("ram", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "ram")).device(DeviceDecl.of("blk", "virtio_blk", DevicePath.VHOST_USER))
                .build();
        only(run(kernel("7.0"), memfdPrivate), Rule.VHOST_USER_NEEDS_SHARED_MEMORY, Outcome.SILENT,
                Origin.named("device blk"));

        var memfdShared = vm("v").backing(memfd("ram", 64 * MIB)).map(MapDecl.of("ram", Sharing.SHARED))
                .slot(SlotDecl.userspace(0, 0, "ram")).device(DeviceDecl.of("blk", "virtio_blk", DevicePath.VHOST_USER))
                .build();
        assertThat(problems(run(kernel("7.0"), memfdShared))).isEmpty();
    }

    /** A scenario step whose outcome differs from its expect clause; the finding is on the expectation. */
    @Test
    void expectationFailed() {
        var vm = vm("v").backing(anon("ram", 64 * MIB)).map(MapDecl.of("ram", Sharing.PRIVATE))
                .slot(SlotDecl.userspace(0, 0, "ram")).build();
        var step = StepDecl.of(new Operation.DeleteSlot(7), Outcome.OK);
        var r = run(kernel("7.0"), vm, scenario("v", false, step));
        var f = only(r, Rule.EXPECTATION_FAILED, Outcome.EINVAL, step.expectOrigin());
        assertThat(f.vm()).isEqualTo("v");
        assertThat(f.data()).containsEntry("expected", "ok").containsEntry("actual", "einval");

        var met = StepDecl.of(new Operation.DeleteSlot(7), Outcome.EINVAL);
        assertThat(problems(run(kernel("7.0"), vm, scenario("v", false, met)))).isEmpty();
    }

    /** §2.4: before 6.9, GUP-fast lets pre-faulted secretmem pages through (65291dcfcf89). */
    @Test
    void secretmemGupFastBug() {
        var vm = vm("v").backing(secret("s", 8 * MIB)).build();
        // A race, so the outcome is UNKNOWN (may); one point release decides it: 6.8.4 has the bug, 6.8.5 the fix.
        only(run(kernel("6.8"), vm), Rule.SECRETMEM_GUP_FAST_BUG, Outcome.UNKNOWN, Origin.named("s"));
        only(run(kernel("6.8.4"), vm), Rule.SECRETMEM_GUP_FAST_BUG, Outcome.UNKNOWN, Origin.named("s"));
        assertThat(problems(run(kernel("6.8.5"), vm))).isEmpty();
        assertThat(problems(run(kernel("6.9"), vm))).isEmpty();
    }

    /** Cancellation, like an exhausted budget, ends the run with analysis-incomplete instead of an exception. */
    @Test
    void cancellationIsReportedAsIncomplete() {
        var b = vm("v").backing(anon("ram", 512 * MIB)).map(MapDecl.of("ram", Sharing.PRIVATE))
                .uses(GuestFeature.STEAL_TIME).uses(GuestFeature.PV_EOI).uses(GuestFeature.ASYNC_PF);
        for (int i = 0; i < 256; i++) {
            b.slot(SlotDecl.userspace(i, i * 2 * MIB, "ram").withSize(2 * MIB));
        }
        var program = Program.of(List.of(kernel("7.0")), List.of(b.build()));
        assertThat(Engine.run(program).complete()).isTrue();
        var polled = new ArrayList<Boolean>();
        var r = Engine.run(program, EngineOptions.defaults().withCancellation(() -> polled.add(true)));
        assertThat(polled).isNotEmpty();
        assertThat(r.complete()).isFalse();
        // Cancellation is polled from the first unit of work on, so the run stops at the first
        // declaration it reaches: the kernel profile.
        only(r, Rule.ANALYSIS_INCOMPLETE, Outcome.OK, Origin.named("k"));
    }
}
