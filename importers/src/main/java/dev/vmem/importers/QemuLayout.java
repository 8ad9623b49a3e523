package dev.vmem.importers;

import java.util.ArrayList;
import java.util.List;

/**
 * How QEMU on x86 lays RAM blocks out in guest physical memory (hw/i386/pc_q35.c, pc_piix.c; research
 * vmm-configs.md §3.1): the blocks, in order, fill {@code [0, lowmem)} and continue at 4 GiB; each
 * block's share of each side is one memslot. SNP/TDX guests get a private guest_memfd per block and
 * their RAM marked private (§3.4).
 */
final class QemuLayout {

    /** One RAM block: the backing's name in the generated file, its size, whether it is an in-place guest_memfd. */
    record Block(String name, long size, boolean guestMemfd, SourcePosition pos, String what) {
    }

    private QemuLayout() {
    }

    /** q35: 2 GiB below 4 GiB when RAM ≥ 0xb0000000, else 0xb0000000; i440fx: 3 GiB when RAM ≥ 0xe0000000, else 0xe0000000. */
    static long lowmem(boolean q35, long total, Long maxBelow4g) {
        long low = q35 ? (total >= 0xb000_0000L ? 0x8000_0000L : 0xb000_0000L)
                : (total >= 0xe000_0000L ? 0xc000_0000L : 0xe000_0000L);
        return maxBelow4g == null ? low : Math.min(low, maxBelow4g);
    }

    static void slots(VmPlan plan, List<Block> blocks, long lowmem, boolean gmemPrivate, SourcePosition privatePos) {
        long total = blocks.stream().mapToLong(Block::size).sum();
        List<VmPlan.Region> regions = VmPlan.split(0, total, lowmem, 4 * Text.GIB);
        int slot = 0;
        var privates = new ArrayList<VmPlan.Region>();
        for (VmPlan.Piece<Block> p : VmPlan.pieces(regions, blocks, Block::size)) {
            Block b = p.block();
            String off = p.offset() == 0 ? "" : " offset " + Text.size(p.offset());
            var s = new StringBuilder("slot " + slot + " gpa " + Text.address(p.gpa()) + " size " + Text.size(p.size())
                    + " userspace " + b.name() + off);
            if (b.guestMemfd()) {
                s.append(" guest_memfd ").append(b.name()).append(off);
            } else if (gmemPrivate) {
                s.append(" guest_memfd ").append(b.name()).append("_private").append(off);
                privates.add(new VmPlan.Region(p.gpa(), p.size(), 0));
            }
            plan.add(s.toString(), "RAM block " + b.what() + (gmemPrivate ? "; KVM_MEM_GUEST_MEMFD" : ""), b.pos());
            slot++;
        }
        plan.privates(privates, "QEMU marks the RAM of SNP/TDX guests private at memslot registration", privatePos);
    }
}
