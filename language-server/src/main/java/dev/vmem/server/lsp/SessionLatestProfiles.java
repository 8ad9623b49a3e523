package dev.vmem.server.lsp;

import dev.vmem.editor.profile.LatestProfiles;
import dev.vmem.engine.report.Report;
import java.util.List;
import org.eclipse.emf.ecore.resource.Resource;

/** The VMs' profiles of the latest engine runs of the session whose resource set holds the resource. */
public class SessionLatestProfiles implements LatestProfiles {

    @Override
    public List<Report.ResolvedProfile> of(Resource resource) {
        return Session.of(resource).profiles().of(resource);
    }
}
