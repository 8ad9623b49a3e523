package dev.vmem.eclipse;

import dev.vmem.engine.report.Report;
import org.eclipse.emf.common.notify.impl.AdapterImpl;
import org.eclipse.emf.ecore.resource.Resource;

/** Keeps the engine's report of the last validation on the resource, for hovers and traces. */
public final class ReportAdapter extends AdapterImpl {

    private final Report report;

    private ReportAdapter(Report report) {
        this.report = report;
    }

    static void attach(Resource resource, Report report) {
        resource.eAdapters().removeIf(ReportAdapter.class::isInstance);
        resource.eAdapters().add(new ReportAdapter(report));
    }

    /** The report of the last engine run on {@code resource}, or null (syntax errors, not run yet). */
    public static Report of(Resource resource) {
        for (var adapter : resource.eAdapters()) {
            if (adapter instanceof ReportAdapter r) {
                return r.report;
            }
        }
        return null;
    }

    @Override
    public boolean isAdapterForType(Object type) {
        return type == ReportAdapter.class;
    }
}
