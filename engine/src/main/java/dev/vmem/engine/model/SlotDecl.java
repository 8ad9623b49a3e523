package dev.vmem.engine.model;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A memslot, as KVM_SET_USER_MEMORY_REGION2 receives it:
 * {@code slot N gpa A [size S] [userspace B [offset N]] [guest_memfd B [offset N]] [flags ...]}.
 *
 * @param id                the slot number (as_id in the upper 16 bits, as KVM encodes it)
 * @param gpa               guest_phys_addr
 * @param gpaOrigin         where the gpa is written
 * @param size              memory_size; empty means "the backing's size"
 * @param sizeOrigin        where the size is written, or {@link Origin#NONE}
 * @param userspace         the backing whose mapping gives userspace_addr; empty means userspace_addr 0
 * @param userspaceOffset   offset into that mapping
 * @param userspaceOrigin   where {@code userspace B} is written
 * @param guestMemfd        the guest_memfd bound to the slot (KVM_MEM_GUEST_MEMFD), if any
 * @param guestMemfdOffset  guest_memfd_offset
 * @param guestMemfdOrigin  where {@code guest_memfd B} is written
 * @param flags             user flags
 * @param origin            the whole declaration
 */
public record SlotDecl(long id, long gpa, Origin gpaOrigin, OptionalLong size, Origin sizeOrigin,
        Optional<String> userspace, long userspaceOffset, Origin userspaceOrigin, Optional<String> guestMemfd,
        long guestMemfdOffset, Origin guestMemfdOrigin, List<SlotFlagDecl> flags, Origin origin) {

    public SlotDecl {
        size = size == null ? OptionalLong.empty() : size;
        userspace = userspace == null ? Optional.empty() : userspace;
        guestMemfd = guestMemfd == null ? Optional.empty() : guestMemfd;
        gpaOrigin = gpaOrigin == null ? Origin.NONE : gpaOrigin;
        sizeOrigin = sizeOrigin == null ? Origin.NONE : sizeOrigin;
        userspaceOrigin = userspaceOrigin == null ? Origin.NONE : userspaceOrigin;
        guestMemfdOrigin = guestMemfdOrigin == null ? Origin.NONE : guestMemfdOrigin;
        flags = List.copyOf(flags);
        origin = origin == null ? Origin.NONE : origin;
    }

    /** A slot over {@code userspace}'s mapping at {@code gpa}, sized like the backing. */
    public static SlotDecl userspace(long id, long gpa, String backing) {
        var o = Origin.named("slot " + id);
        return new SlotDecl(id, gpa, o, OptionalLong.empty(), Origin.NONE, Optional.of(backing), 0, o,
                Optional.empty(), 0, Origin.NONE, List.of(), o);
    }

    /** A copy bound to a guest_memfd at an offset. */
    public SlotDecl withGuestMemfd(String backing, long offset) {
        return new SlotDecl(id, gpa, gpaOrigin, size, sizeOrigin, userspace, userspaceOffset, userspaceOrigin,
                Optional.of(backing), offset, Origin.named("slot " + id + ".guest_memfd"), flags, origin);
    }

    /** A copy with an explicit size. */
    public SlotDecl withSize(long bytes) {
        return new SlotDecl(id, gpa, gpaOrigin, OptionalLong.of(bytes), Origin.named("slot " + id + ".size"),
                userspace, userspaceOffset, userspaceOrigin, guestMemfd, guestMemfdOffset, guestMemfdOrigin, flags,
                origin);
    }

    /** A copy without a userspace mapping (userspace_addr 0). */
    public SlotDecl withoutUserspace() {
        return new SlotDecl(id, gpa, gpaOrigin, size, sizeOrigin, Optional.empty(), 0, Origin.NONE, guestMemfd,
                guestMemfdOffset, guestMemfdOrigin, flags, origin);
    }

    /** A copy with more flags. */
    public SlotDecl withFlags(SlotFlag... more) {
        var list = new java.util.ArrayList<>(flags);
        for (var f : more) {
            list.add(new SlotFlagDecl(f, Origin.named("slot " + id + "." + f.keyword())));
        }
        return new SlotDecl(id, gpa, gpaOrigin, size, sizeOrigin, userspace, userspaceOffset, userspaceOrigin,
                guestMemfd, guestMemfdOffset, guestMemfdOrigin, list, origin);
    }

    public boolean hasFlag(SlotFlag flag) {
        return flags.stream().anyMatch(f -> f.flag() == flag);
    }
}
