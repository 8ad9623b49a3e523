package dev.vmem.editor.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.vmem.engine.model.Arch;
import dev.vmem.engine.model.PatchDecl;
import java.util.ArrayList;
import org.junit.jupiter.api.Test;

/** The default kernel profile setting's one grammar, in the short form and as a kernel block's body. */
class DefaultProfileTest {

    @Test
    void shortForm() {
        var problems = new ArrayList<String>();
        var k = DefaultProfile.parse("6.18 arm64 + no_direct_map v10 + pfncache_gmem", problems).orElseThrow();
        assertThat(k.version()).isEqualTo("6.18");
        assertThat(k.arch()).isEqualTo(Arch.ARM64);
        assertThat(k.patches()).extracting(PatchDecl::patch, PatchDecl::revision).containsExactly(
                tuple(PatchDecl.Patch.NO_DIRECT_MAP, 10), tuple(PatchDecl.Patch.PFNCACHE_GMEM, 0));
        assertThat(problems).isEmpty();
        assertThat(DefaultProfile.parse("7.0", problems).orElseThrow().arch()).isEqualTo(Arch.X86_64);
        assertThat(DefaultProfile.parse("latest", problems)).isEmpty();
        assertThat(problems).hasSize(1);
    }

    @Test
    void kernelBlockBody() {
        var parsed = DefaultProfile.parse("version 6.8\narch arm64\npatch no_direct_map v11\npatch pfncache_gmem");
        assertThat(parsed.problems()).isEmpty();
        var k = parsed.strict().orElseThrow();
        assertThat(k.version()).isEqualTo("6.8");
        assertThat(k.arch()).isEqualTo(Arch.ARM64);
        assertThat(k.patches()).extracting(PatchDecl::patch, PatchDecl::revision).containsExactly(
                tuple(PatchDecl.Patch.NO_DIRECT_MAP, 11), tuple(PatchDecl.Patch.PFNCACHE_GMEM, 0));
    }

    @Test
    void anUnknownWordIsAProblemAndStrictRejectsIt() {
        var parsed = DefaultProfile.parse("6.18 + bogus_patch");
        assertThat(parsed.kernel()).isPresent();
        assertThat(parsed.problems()).hasSize(1);
        assertThat(parsed.strict()).isEmpty();
        assertThat(DefaultProfile.parse("version").kernel()).isEmpty();
        assertThat(DefaultProfile.parse("").kernel()).isEmpty();
    }
}
