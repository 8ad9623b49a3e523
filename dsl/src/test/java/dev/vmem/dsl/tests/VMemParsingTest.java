package dev.vmem.dsl.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.Inject;
import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.BackingFlag;
import dev.vmem.dsl.vmem.BackingKind;
import dev.vmem.dsl.vmem.CpuidSetting;
import dev.vmem.dsl.vmem.CpuidSign;
import dev.vmem.dsl.vmem.Device;
import dev.vmem.dsl.vmem.DeviceModel;
import dev.vmem.dsl.vmem.IoPath;
import dev.vmem.dsl.vmem.Kernel;
import dev.vmem.dsl.vmem.Model;
import dev.vmem.dsl.vmem.NoDirectMapPatch;
import dev.vmem.dsl.vmem.ParamName;
import dev.vmem.dsl.vmem.ParamSetting;
import dev.vmem.dsl.vmem.Scenario;
import dev.vmem.dsl.vmem.Slot;
import dev.vmem.dsl.vmem.VersionSetting;
import dev.vmem.dsl.vmem.Vm;
import java.nio.file.Files;
import org.eclipse.xtext.EcoreUtil2;
import org.eclipse.xtext.testing.InjectWith;
import org.eclipse.xtext.testing.extensions.InjectionExtension;
import org.eclipse.xtext.testing.util.ParseHelper;
import org.eclipse.xtext.testing.validation.ValidationTestHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The grammar: the full construct list of the language reference parses into the expected model. */
@ExtendWith(InjectionExtension.class)
@InjectWith(VMemInjectorProvider.class)
class VMemParsingTest {

    @Inject
    private ParseHelper<Model> parseHelper;

    @Inject
    private ValidationTestHelper validationHelper;

    /** Every construct of language.md §1–§3, as the reference writes them (plus the aliases it allows). */
    private static final String EVERY_CONSTRUCT = """
            import "nothing-to-see.vmem"
            kernel fc_hiding {
                version 6.18
                arch x86_64
                patch no_direct_map v12
                patch pfncache_gmem
                patch secretmem_gup_allowed
                param secretmem.enable on
                param guest_memfd_tlb_flush off
                feature stage2_fwb
                feature linear_map_4k
            }
            kernel old { version 6.1.55 arch arm64 patch no_direct_map v11 }
            vm web {
                kernel fc_hiding
                type default
                vcpus 2
                rlimit memlock 64MiB
                memory ram: guest_memfd 1GiB flags mmap | init_shared | no_direct_map
                memory io:  anonymous 64MiB
                memory shm: memfd 256MiB hugetlb 2MiB
                memory sec: memfd_secret 16M
                memory huge: anonymous 1G hugetlb 2M
                memory disk: file "/dev/hugepages/vm0" 1GiB hugetlb 2MiB
                memory raw: anonymous 4096
                map ram shared
                map io private at 0x7f80_0000_0000 mergeable
                map sec shared populate
                map huge private at 0x7f00_0000_0000 populate mergeable
                slot 0 gpa 0x0 size 1GiB userspace ram guest_memfd ram offset 0
                slot 1 gpa 0x1_0000_0000 userspace io flags log_dirty_pages
                slot 2 gpa 0x2_0000_0000 userspace shm offset 4KiB flags log_dirty_pages | readonly
                private gpa 0x0 size 1GiB
                shared gpa 0x0 size 2MiB
                clock kvmclock
                cpuid -kvmclock
                cpuid +kvmclock
                uses steal_time, pv_eoi, async_pf
                uses xen_shared_info
                uses nested
                device net0: virtio_net via vmm
                device net1: virtio_net via vhost
                device net2: virtio_net via vhost_zerocopy
                device fs0: virtio_fs via vhost_user
                device vs0: virtio_vsock via vhost
                device blk0: virtio_blk via io_uring
                device blk1: virtio_blk via o_direct
                device nic1: vfio
                host hibernate, coredump, ptrace, process_vm_readv, proc_mem
            }
            vm td { type tdx } vm c { type sev } vm d { type sev_es } vm e { type snp } vm f { type sw_protected }
            scenario everything {
                vm web from scratch
                step mmap ram shared size 2MiB expect ok
                step mmap ram private expect einval
                step munmap ram
                step touch sec write expect ok
                step touch sec read offset 4KiB len 4KiB
                step read ram expect einval
                step write ram expect einval
                step fallocate ram punch_hole offset 0 len 4KiB expect ok
                step fallocate ram allocate offset 0 len 2MiB
                step ftruncate ram 2GiB
                step madvise huge collapse
                step madvise huge hugepage
                step madvise huge dontneed
                step slot 3 gpa 0x3_0000_0000 size 2MiB userspace huge
                step delete slot 3
                step private gpa 0x0 size 4KiB
                step shared gpa 0x0 size 4KiB
                step guest vcpu 0 write gpa 0x1000 expect ok
                step guest vcpu 1 read gpa 0x1000
                step guest vcpu 1 exec gpa 0x1000
                step kvm read gpa 0x2000
                step kvm write gpa 0x2000
                step pfncache kvmclock gpa 0x2000 expect silent
                step pfncache xen_shared_info gpa 0x3000
                step vcpu_map gpa 0x3000 expect einval
                step gup sec
                step gup sec fast
                step gup sec longterm expect efault
                step gup sec fast longterm
                step vfio map ram
                step io_uring register io
                step o_direct io
                step process_vm_readv sec
                step ptrace peek sec
                step proc_mem read sec
                step hibernate expect eperm
                step coredump
                step populate gpa 0x0 from io
                step close ram
            }
            scenario outcomes {
                vm web
                step hibernate expect ok step hibernate expect efault step hibernate expect einval
                step hibernate expect eexist step hibernate expect enodev step hibernate expect enosys
                step hibernate expect eagain step hibernate expect eperm step hibernate expect eio
                step hibernate expect eopnotsupp step hibernate expect sigbus step hibernate expect memory_fault
                step hibernate expect mmio step hibernate expect silent step hibernate expect oops
                step hibernate expect ebadf step hibernate expect enomem step hibernate expect sigsegv
            }
            """;

    @Test
    void everyConstructOfTheReferenceParses() throws Exception {
        Model model = parseHelper.parse(EVERY_CONSTRUCT);
        assertThat(model.eResource().getErrors()).isEmpty();
        // The only issue: the import names no file.
        assertThat(VMemTestSupport.validateStructure(model.eResource())).singleElement()
                .satisfies(issue -> assertThat(issue.getCode()).isEqualTo("unresolved-import"));

        Kernel kernel = (Kernel) model.getDeclarations().get(0);
        assertThat(EcoreUtil2.typeSelect(kernel.getSettings(), VersionSetting.class).get(0).getVersion()).isEqualTo("6.18");
        assertThat(EcoreUtil2.typeSelect(kernel.getSettings(), NoDirectMapPatch.class).get(0).getRevision()).isEqualTo(12);
        assertThat(EcoreUtil2.typeSelect(kernel.getSettings(), ParamSetting.class).get(0).getParam())
                .isEqualTo(ParamName.SECRETMEM_ENABLE);

        Vm web = (Vm) model.getDeclarations().get(2);
        Backing ram = EcoreUtil2.typeSelect(web.getMembers(), Backing.class).get(0);
        assertThat(ram.getKind()).isEqualTo(BackingKind.GUEST_MEMFD);
        assertThat(ram.getSize()).isEqualTo(1L << 30);
        assertThat(ram.getFlags()).containsExactly(BackingFlag.MMAP, BackingFlag.INIT_SHARED, BackingFlag.NO_DIRECT_MAP);
        Backing disk = EcoreUtil2.typeSelect(web.getMembers(), Backing.class).get(5);
        assertThat(disk.getKind()).isEqualTo(BackingKind.FILE);
        assertThat(disk.getPath()).isEqualTo("/dev/hugepages/vm0");
        assertThat(disk.getHugePageSize()).isEqualTo(2L << 20);

        Slot slot = EcoreUtil2.typeSelect(web.getMembers(), Slot.class).get(0);
        assertThat(slot.getSize()).isEqualTo(1L << 30);
        assertThat(slot.getUserspace()).isSameAs(ram);
        assertThat(slot.getGuestMemfd()).isSameAs(ram);
        assertThat(slot.getGuestMemfdOffset()).isZero();
        assertThat(EcoreUtil2.typeSelect(web.getMembers(), Slot.class).get(1).getSize()).as("size defaults").isNull();

        assertThat(EcoreUtil2.typeSelect(web.getMembers(), CpuidSetting.class))
                .extracting(CpuidSetting::getSign).containsExactly(CpuidSign.REMOVE, CpuidSign.ADD);
        Device vfio = EcoreUtil2.typeSelect(web.getMembers(), Device.class).get(7);
        assertThat(vfio.getModel()).isEqualTo(DeviceModel.VFIO);
        assertThat(EcoreUtil2.typeSelect(web.getMembers(), Device.class).get(6).getVia()).isEqualTo(IoPath.ODIRECT);

        Scenario scenario = (Scenario) model.getDeclarations().get(8);
        assertThat(scenario.isFromScratch()).isTrue();
        assertThat(scenario.getSteps()).hasSize(39);
        assertThat(scenario.getSteps().get(2).getExpectation()).as("no expect").isNull();
    }

    @Test
    void commentsOfBothKindsAreIgnored() throws Exception {
        Model model = parseHelper.parse("""
                /* a
                   block */ kernel k { // line
                    version /* inline */ 6.18
                }
                """);
        validationHelper.assertNoIssues(model);
    }

    @Test
    void theLanguageReferenceSamplesParse() throws Exception {
        var reference = VMemTestSupport.repositoryRoot().resolve("../shared/spec/language.md").normalize();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(reference), "no shared spec at hand");
        StringBuilder samples = new StringBuilder();
        String[] fences = Files.readString(reference).split("```");
        for (int i = 1; i < fences.length; i += 2) {
            String block = fences[i].strip();
            if (block.startsWith("kernel") || block.startsWith("vm") || block.startsWith("scenario")) {
                samples.append(block).append('\n');
            }
        }
        Model model = parseHelper.parse(samples);
        assertThat(model.eResource().getErrors()).isEmpty();
        // The reference's VM shows every construct at once and draws engine findings by design;
        // only the structural checks must pass.
        assertThat(VMemTestSupport.validateStructure(model.eResource())).isEmpty();
    }
}
