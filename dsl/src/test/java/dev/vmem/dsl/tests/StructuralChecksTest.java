package dev.vmem.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vmem.dsl.validation.VMemIssueCodes;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.VmemPackage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.emf.ecore.EClass;
import org.eclipse.xtext.diagnostics.Severity;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.eclipse.xtext.validation.Issue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each structural check by its code and the exact range it marks ({@code <|…|>} in the text).
 * Messages are never asserted; issue data is, where a quick fix would rely on it.
 */
class StructuralChecksTest {

    private static final String KERNEL = "kernel k { version 6.18 arch x86_64 }\n";

    /** One example per code: the code must be reported on exactly the marked ranges, and nothing else. */
    private static final Map<String, String> ONE_EXAMPLE_PER_CODE = new LinkedHashMap<>();

    static {
        ONE_EXAMPLE_PER_CODE.put(VMemIssueCodes.SYNTAX_ERROR, KERNEL + "vm v { vcpus <|}|>");
        ONE_EXAMPLE_PER_CODE.put(VMemIssueCodes.UNRESOLVED_REFERENCE, KERNEL + "vm v { kernel <|nosuch|> }");
        ONE_EXAMPLE_PER_CODE.put(VMemIssueCodes.UNRESOLVED_IMPORT, "import <|\"missing.vmem\"|>\n" + KERNEL);
        ONE_EXAMPLE_PER_CODE.put(VMemIssueCodes.DUPLICATE_NAME, KERNEL + "vm v { }\nvm <|v|> { }");
        ONE_EXAMPLE_PER_CODE.put(VMemIssueCodes.DUPLICATE_SETTING, "kernel k { version 6.18 <|version 6.8|> }");
        ONE_EXAMPLE_PER_CODE.put(VMemIssueCodes.MISSING_VERSION, "kernel <|k|> { arch x86_64 }");
        ONE_EXAMPLE_PER_CODE.put(VMemIssueCodes.NUMBER_OVERFLOW,
                KERNEL + "vm v { memory m: anonymous <|18446744073709551616|> }");
        ONE_EXAMPLE_PER_CODE.put(VMemIssueCodes.BAD_NUMBER, KERNEL + "vm v { memory m: anonymous <|0x|> }");
        ONE_EXAMPLE_PER_CODE.put(VMemIssueCodes.BAD_UNIT, KERNEL + "vm v { memory m: anonymous <|4KB|> }");
        ONE_EXAMPLE_PER_CODE.put(VMemIssueCodes.BAD_VERSION, "kernel k { version <|6.1.2.3|> }");
        ONE_EXAMPLE_PER_CODE.put(VMemIssueCodes.BAD_REVISION, "kernel k { version 6.18 patch no_direct_map <|x12|> }");
    }

    /**
     * From the one test injector ({@link VMemTestSupport}). With a second one from Xtext's InjectionExtension, which
     * snapshots and restores Xtext's global registries around each test, the class failed when run alone: then
     * VMemTestSupport's injector was first made inside one of its tests, and later tests validated nothing.
     */
    private final ValidationTestHelper validationHelper = VMemTestSupport.INJECTOR.getInstance(ValidationTestHelper.class);

    @Test
    void everyCodeHasAnExample() {
        assertThat(ONE_EXAMPLE_PER_CODE.keySet()).containsExactlyInAnyOrderElementsOf(VMemIssueCodes.all());
    }

    static List<String> codes() {
        return List.copyOf(ONE_EXAMPLE_PER_CODE.keySet());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("codes")
    void exampleReportsItsCodeOnTheMarkedRange(String code) throws Exception {
        assertExactly(code, ONE_EXAMPLE_PER_CODE.get(code));
    }

    // ------------------------------------------------------------------ linking

    @Test
    void unresolvedReferenceCarriesTheMissingName() throws Exception {
        List<Issue> issues = issues(KERNEL + "vm v { memory ram: anonymous 4K map rom shared }");
        assertThat(issues).singleElement().satisfies(issue -> {
            assertThat(issue.getCode()).isEqualTo(VMemIssueCodes.UNRESOLVED_REFERENCE);
            assertThat(issue.getData()).containsExactly("rom");
        });
    }

    @Test
    void backingsResolveOnlyWithinTheirVm() throws Exception {
        assertExactly(VMemIssueCodes.UNRESOLVED_REFERENCE, KERNEL + """
                vm a { memory ram: anonymous 4K }
                vm b { memory io: anonymous 4K map <|ram|> shared slot 0 gpa 0 userspace io guest_memfd <|ram|> }
                """);
    }

    @Test
    void scenarioStepsResolveBackingsOfTheScenarioVm() throws Exception {
        assertExactly(VMemIssueCodes.UNRESOLVED_REFERENCE, KERNEL + """
                vm a { memory ram: guest_memfd 2MiB }
                vm b { memory other: anonymous 4K }
                scenario s { vm a step touch ram write step close <|other|> step populate gpa 0 from <|nope|> }
                """);
    }

    @Test
    void scenarioNamesAMissingVm() throws Exception {
        assertExactly(VMemIssueCodes.UNRESOLVED_REFERENCE, KERNEL + "scenario s { vm <|ghost|> step hibernate }");
    }

    @Test
    void linkingErrorIsPlacedOnTheModelElement() throws Exception {
        assertErrorOn(VmemPackage.Literals.VM_KERNEL, VMemIssueCodes.UNRESOLVED_REFERENCE, KERNEL + "vm v { kernel <|nosuch|> }");
    }

    // ------------------------------------------------------------------ duplicates

    @Test
    void duplicateKernelsVmsAndScenariosAreEachTheirOwnNamespace() throws Exception {
        assertExactly(VMemIssueCodes.DUPLICATE_NAME, """
                kernel x { version 6.18 }
                kernel <|x|> { version 7.0 }
                vm x { kernel x }
                vm <|x|> { }
                scenario x { vm x }
                scenario <|x|> { vm x }
                """);
    }

    @Test
    void duplicateBackingsDevicesAndSlotIdsWithinOneVm() throws Exception {
        assertExactly(VMemIssueCodes.DUPLICATE_NAME, KERNEL + """
                vm v {
                    memory ram: anonymous 4K
                    memory <|ram|>: memfd 4K
                    device net0: virtio_net via vmm
                    device <|net0|>: vfio
                    slot 1 gpa 0 userspace ram
                    slot <|0x1|> gpa 0x1000 userspace ram
                }
                vm w { memory ram: anonymous 4K device net0: vfio slot 1 gpa 0 }
                """);
    }

    @Test
    void duplicateNameIsPlacedOnTheName() throws Exception {
        assertErrorOn(VmemPackage.Literals.BACKING, VMemIssueCodes.DUPLICATE_NAME,
                KERNEL + "vm v { memory ram: anonymous 4K memory <|ram|>: memfd 4K }");
    }

    @Test
    void settingsGivenTwice() throws Exception {
        assertExactly(VMemIssueCodes.DUPLICATE_SETTING, """
                kernel k {
                    version 6.18
                    arch x86_64
                    <|arch arm64|>
                    patch no_direct_map v10
                    <|patch no_direct_map v12|>
                    patch pfncache_gmem
                    <|patch pfncache_gmem|>
                    param guest_memfd_tlb_flush on
                    <|param guest_memfd_tlb_flush off|>
                    feature stage2_fwb
                    <|feature stage2_fwb|>
                }
                vm v {
                    kernel k
                    <|kernel k|>
                    type snp
                    <|type tdx|>
                    vcpus 1
                    <|vcpus 2|>
                    rlimit memlock 1M
                    <|rlimit memlock 2M|>
                }
                """);
    }

    // ------------------------------------------------------------------ numbers

    @Test
    void overflowIsReportedOnTheLiteral() throws Exception {
        assertExactly(VMemIssueCodes.NUMBER_OVERFLOW, KERNEL + """
                vm v {
                    memory a: anonymous <|0x1_0000_0000_0000_0000|>
                    memory b: anonymous <|16777216TiB|>
                    memory c: anonymous <|123456789012345678901234567890|>
                    memory d: anonymous 0xffff_ffff_ffff_ffff
                    memory e: anonymous 16777215TiB
                    vcpus <|4294967296|>
                }
                scenario s { vm v step guest vcpu <|2147483648|> read gpa 0 }
                """);
    }

    @Test
    void hugeLiteralIsRejectedWithoutHanging() throws Exception {
        String digits = "9".repeat(200_000);
        assertExactly(VMemIssueCodes.NUMBER_OVERFLOW, KERNEL + "vm v { memory a: anonymous <|" + digits + "|> }");
    }

    @Test
    void unitsThatDoNotParse() throws Exception {
        assertExactly(VMemIssueCodes.BAD_UNIT, KERNEL + """
                vm v {
                    memory a: anonymous <|4KB|>
                    memory b: anonymous <|4kib|>
                    memory c: anonymous <|2Mi|>
                    memory d: anonymous 4KiB hugetlb <|2mb|>
                    vcpus <|2K|>
                    slot <|1M|> gpa 0
                }
                """);
    }

    @Test
    void versionsAndRevisions() throws Exception {
        assertExactly(VMemIssueCodes.BAD_VERSION, """
                kernel a { version <|6.1.2.3|> }
                kernel b { version <|6.123456|> }
                kernel c { version 6.1.55 }
                """);
        assertExactly(VMemIssueCodes.BAD_REVISION, """
                kernel a { version 6.18 patch no_direct_map <|v|> }
                kernel b { version 6.18 patch no_direct_map <|ver12|> }
                kernel c { version 6.18 patch no_direct_map v11 }
                """);
    }

    // ------------------------------------------------------------------ names

    @Test
    void keywordsServeAsNames() throws Exception {
        assertThat(issues("""
                kernel default { version 6.18 }
                vm tdx {
                    kernel default
                    memory shared: memfd 4KiB
                    memory file: file "/dev/hugepages/x" 2MiB hugetlb 2MiB
                    memory guest_memfd: guest_memfd 2MiB flags mmap
                    map shared shared
                    map file private
                    slot 0 gpa 0 userspace shared guest_memfd guest_memfd offset 0
                    device vfio: vfio
                    device vmm: virtio_net via vmm
                }
                scenario step { vm tdx step read file step gup shared fast longterm expect efault }
                """)).isEmpty();
    }

    @Test
    void namesMayContainHyphens() throws Exception {
        assertThat(issues(KERNEL + "vm web-1 { kernel k memory ram-a: anonymous 4K map ram-a private }")).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    private List<Issue> issues(String text) throws Exception {
        return VMemTestSupport.validateStructure(VMemTestSupport.parse(text));
    }

    /**
     * The marked ranges carry {@code code}, each exactly once, and no other error of any code is
     * reported (syntax errors excepted when {@code code} is itself syntax-error: recovery may add some).
     */
    /** Error {@code code} is on an element of {@code type} at the one marked range. */
    private void assertErrorOn(EClass type, String code, String markedText) throws Exception {
        Marked marked = Marked.parse(markedText);
        Model model = VMemTestSupport.model(VMemTestSupport.parse(marked.text()));
        validationHelper.assertError(model, type, code, marked.range().offset(), marked.range().length());
    }

    private void assertExactly(String code, String markedText) throws Exception {
        Marked marked = Marked.parse(markedText);
        List<Issue> errors = issues(marked.text()).stream().filter(i -> i.getSeverity() == Severity.ERROR).toList();
        List<Marked.Range> actual = errors.stream()
                .filter(i -> code.equals(i.getCode()))
                .map(i -> new Marked.Range(i.getOffset(), i.getLength()))
                .sorted((a, b) -> Integer.compare(a.offset(), b.offset()))
                .toList();
        assertThat(actual).as("ranges of %s in %s; all errors: %s", code, marked.text(), errors)
                .isEqualTo(marked.ranges());
        if (!code.equals(VMemIssueCodes.SYNTAX_ERROR)) {
            assertThat(errors).as("errors other than %s", code).allMatch(i -> code.equals(i.getCode()));
        }
    }
}
