package dev.vmem.engine.model;

import java.util.List;

/**
 * What the VMM asks of a mapping beyond {@code populate} and {@code mergeable}: transparent huge
 * pages, core-dump exclusion, overcommit reservation, mlock and NUMA placement. Each option keeps
 * its origin so findings point at the word that asked for it.
 *
 * @param thp           MADV_HUGEPAGE ({@link Thp#ON}) or MADV_NOHUGEPAGE ({@link Thp#OFF}); {@link Thp#UNSET} when not written
 * @param thpOrigin     where {@code thp} is written
 * @param dontdump      madvise(MADV_DONTDUMP)
 * @param dontdumpOrigin where {@code dontdump} is written
 * @param noreserve     MAP_NORESERVE
 * @param noreserveOrigin where {@code noreserve} is written
 * @param locked        the mapping is VM_LOCKED (mlockall(MCL_FUTURE) before the mmap, MAP_LOCKED, or mlock after it)
 * @param lockOnFault   MCL_ONFAULT / MLOCK_ONFAULT: locked as pages fault in, nothing is populated
 * @param lockedOrigin  where {@code locked} is written
 * @param numaPolicy    mbind() policy, {@link NumaPolicy#NONE} when not written
 * @param numaNodes     the policy's host nodes
 * @param numaOrigin    where {@code numa} is written
 */
public record MapOptions(Thp thp, Origin thpOrigin, boolean dontdump, Origin dontdumpOrigin, boolean noreserve,
        Origin noreserveOrigin, boolean locked, boolean lockOnFault, Origin lockedOrigin, NumaPolicy numaPolicy,
        List<Integer> numaNodes, Origin numaOrigin) {

    /** No option written. */
    public static final MapOptions NONE = new MapOptions(Thp.UNSET, null, false, null, false, null, false, false, null,
            NumaPolicy.NONE, List.of(), null);

    public MapOptions {
        thp = thp == null ? Thp.UNSET : thp;
        thpOrigin = thpOrigin == null ? Origin.NONE : thpOrigin;
        dontdumpOrigin = dontdumpOrigin == null ? Origin.NONE : dontdumpOrigin;
        noreserveOrigin = noreserveOrigin == null ? Origin.NONE : noreserveOrigin;
        lockedOrigin = lockedOrigin == null ? Origin.NONE : lockedOrigin;
        numaPolicy = numaPolicy == null ? NumaPolicy.NONE : numaPolicy;
        numaNodes = numaNodes == null ? List.of() : List.copyOf(numaNodes);
        numaOrigin = numaOrigin == null ? Origin.NONE : numaOrigin;
    }

    /** {@code thp on|off}: madvise(MADV_HUGEPAGE) or madvise(MADV_NOHUGEPAGE). */
    public enum Thp {
        UNSET(""), ON("on"), OFF("off");

        private final String keyword;

        Thp(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    /** {@code numa bind|preferred|interleave NODES}: mbind(MPOL_BIND / MPOL_PREFERRED / MPOL_INTERLEAVE). */
    public enum NumaPolicy {
        NONE(""), BIND("bind"), PREFERRED("preferred"), INTERLEAVE("interleave");

        private final String keyword;

        NumaPolicy(String keyword) {
            this.keyword = keyword;
        }

        public String keyword() {
            return keyword;
        }
    }

    public MapOptions withThp(Thp value, Origin origin) {
        return new MapOptions(value, origin, dontdump, dontdumpOrigin, noreserve, noreserveOrigin, locked, lockOnFault,
                lockedOrigin, numaPolicy, numaNodes, numaOrigin);
    }

    public MapOptions withDontdump(Origin origin) {
        return new MapOptions(thp, thpOrigin, true, origin, noreserve, noreserveOrigin, locked, lockOnFault, lockedOrigin,
                numaPolicy, numaNodes, numaOrigin);
    }

    public MapOptions withNoreserve(Origin origin) {
        return new MapOptions(thp, thpOrigin, dontdump, dontdumpOrigin, true, origin, locked, lockOnFault, lockedOrigin,
                numaPolicy, numaNodes, numaOrigin);
    }

    public MapOptions withLocked(boolean onFault, Origin origin) {
        return new MapOptions(thp, thpOrigin, dontdump, dontdumpOrigin, noreserve, noreserveOrigin, true, onFault, origin,
                numaPolicy, numaNodes, numaOrigin);
    }

    public MapOptions withNuma(NumaPolicy policy, List<Integer> nodes, Origin origin) {
        return new MapOptions(thp, thpOrigin, dontdump, dontdumpOrigin, noreserve, noreserveOrigin, locked, lockOnFault,
                lockedOrigin, policy, nodes, origin);
    }
}
