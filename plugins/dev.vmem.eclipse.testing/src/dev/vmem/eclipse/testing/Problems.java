package dev.vmem.eclipse.testing;

import dev.vmem.eclipse.markers.VMemMarkers;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.runtime.CoreException;

/** The VMem markers of a file, as "severity code line" rows. */
public final class Problems {

    private Problems() {
    }

    /** "severity code line" of the file's errors and warnings, sorted. */
    public static List<String> of(IFile file) {
        return rows(file, false);
    }

    /** "severity code line" of all the file's VMem markers (infos too), sorted. */
    public static List<String> withInfos(IFile file) {
        return rows(file, true);
    }

    /** The file's VMem marker of {@code code}; fails when there is none. */
    public static IMarker marker(IFile file, String code) {
        for (IMarker marker : markers(file)) {
            if (code.equals(marker.getAttribute(VMemMarkers.CODE, ""))) {
                return marker;
            }
        }
        throw new AssertionError("no " + code + " marker on " + file + ": " + withInfos(file));
    }

    private static List<String> rows(IFile file, boolean withInfo) {
        var result = new ArrayList<String>();
        for (IMarker marker : markers(file)) {
            int severity = marker.getAttribute(IMarker.SEVERITY, -1);
            if (severity == IMarker.SEVERITY_INFO && !withInfo) {
                continue;
            }
            String name = severity == IMarker.SEVERITY_ERROR ? "error" : severity == IMarker.SEVERITY_WARNING ? "warning" : "info";
            result.add(name + " " + marker.getAttribute(VMemMarkers.CODE, "") + " " + marker.getAttribute(IMarker.LINE_NUMBER, -1));
        }
        result.sort(null);
        return result;
    }

    private static IMarker[] markers(IFile file) {
        try {
            return file.findMarkers(VMemMarkers.TYPE, false, IResource.DEPTH_ZERO);
        } catch (CoreException e) {
            throw new AssertionError("cannot read the markers of " + file, e);
        }
    }
}
