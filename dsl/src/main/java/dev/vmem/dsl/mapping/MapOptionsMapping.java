package dev.vmem.dsl.mapping;

import static dev.vmem.dsl.vmem.VmemPackage.Literals.BACKING__FILE_SYSTEM;
import static dev.vmem.dsl.vmem.VmemPackage.Literals.MAPPING__MERGEABLE;

import dev.vmem.dsl.vmem.Backing;
import dev.vmem.dsl.vmem.DontdumpOption;
import dev.vmem.dsl.vmem.LockedOption;
import dev.vmem.dsl.vmem.MapOption;
import dev.vmem.dsl.vmem.Mapping;
import dev.vmem.dsl.vmem.NoreserveOption;
import dev.vmem.dsl.vmem.NumaOption;
import dev.vmem.dsl.vmem.OnOff;
import dev.vmem.dsl.vmem.ThpOption;
import dev.vmem.engine.model.BackingDecl;
import dev.vmem.engine.model.FileSystem;
import dev.vmem.engine.model.MapDecl;
import dev.vmem.engine.model.MapOptions;
import java.util.ArrayList;
import org.eclipse.xtext.nodemodel.util.NodeModelUtils;

/**
 * Maps a mapping's options ({@code thp}, {@code dontdump}, {@code noreserve}, {@code locked},
 * {@code numa}) and a file backing's {@code on FS} to the engine model; kept apart from
 * {@link ModelMapper} so that the options grow without touching its hot paths.
 */
final class MapOptionsMapping {

    private MapOptionsMapping() {
    }

    static MapDecl options(Mapping map, MapDecl decl) {
        var o = MapOptions.NONE;
        for (MapOption option : map.getOptions()) {
            var where = EObjectOrigin.of(option);
            if (option instanceof ThpOption thp) {
                o = o.withThp(thp.getValue() == OnOff.ON ? MapOptions.Thp.ON : MapOptions.Thp.OFF, where);
            } else if (option instanceof DontdumpOption) {
                o = o.withDontdump(where);
            } else if (option instanceof NoreserveOption) {
                o = o.withNoreserve(where);
            } else if (option instanceof LockedOption locked) {
                o = o.withLocked(locked.isOnFault(), where);
            } else if (option instanceof NumaOption numa) {
                var nodes = new ArrayList<Integer>();
                for (Long n : numa.getNodes()) {
                    if (n != null) {
                        nodes.add((int) Math.min(Integer.MAX_VALUE, Math.max(0, n)));
                    }
                }
                o = o.withNuma(ModelMapper.keyword(MapOptions.NumaPolicy.values(), MapOptions.NumaPolicy::keyword,
                        numa.getPolicy()), nodes, where);
            }
        }
        var withOptions = new MapDecl(decl.backing(), decl.backingOrigin(), decl.sharing(), decl.at(), decl.populate(),
                decl.mergeable(), decl.origin(), o,
                decl.mergeable() ? EObjectOrigin.of(map, MAPPING__MERGEABLE) : decl.origin());
        return withOptions;
    }

    static BackingDecl fileSystem(Backing backing, BackingDecl decl) {
        // An EMF enum attribute reads as its first literal when unset: only the text says whether "on FS" is written.
        if (NodeModelUtils.findNodesForFeature(backing, BACKING__FILE_SYSTEM).isEmpty()) {
            return decl;
        }
        return decl.on(ModelMapper.keyword(FileSystem.values(), FileSystem::keyword, backing.getFileSystem()),
                EObjectOrigin.of(backing, BACKING__FILE_SYSTEM));
    }
}
