package dev.vmem.eclipse.markers;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.core.resources.IFile;
import org.eclipse.core.resources.IMarker;
import org.eclipse.core.resources.IResource;
import org.eclipse.core.resources.IWorkspace;
import org.eclipse.core.runtime.CoreException;
import org.eclipse.xtext.validation.Issue;

/**
 * VMem problem markers: one per issue, with the rule code, the severity, the 1-based line and column
 * range and the character range, plus the issue data that quick fixes use.
 */
public final class VMemMarkers {

    /** The marker type (a problem marker and a text marker; persistent). */
    public static final String TYPE = "dev.vmem.eclipse.problem";

    /** The issue or rule code, e.g. {@code pfncache-unmapped-pfn}. */
    public static final String CODE = "code";
    /** The issue data, one {@code key=value} entry per line. */
    public static final String DATA = "data";
    /** 1-based column of the start. */
    public static final String COLUMN = "column";
    /** 1-based line of the end. */
    public static final String LINE_END = "lineEnd";
    /** 1-based column of the end (exclusive). */
    public static final String COLUMN_END = "columnEnd";

    private VMemMarkers() {
    }

    /** The marker attributes of one issue. */
    public static Map<String, Object> attributes(Issue issue) {
        var attributes = new HashMap<String, Object>();
        attributes.put(IMarker.MESSAGE, issue.getMessage() + (issue.getCode() == null ? "" : " [" + issue.getCode() + "]"));
        attributes.put(IMarker.SEVERITY, switch (issue.getSeverity()) {
            case ERROR -> IMarker.SEVERITY_ERROR;
            case WARNING -> IMarker.SEVERITY_WARNING;
            default -> IMarker.SEVERITY_INFO;
        });
        int line = issue.getLineNumber() == null ? 1 : issue.getLineNumber();
        attributes.put(IMarker.LINE_NUMBER, line);
        attributes.put(IMarker.LOCATION, "line " + line);
        if (issue.getOffset() != null && issue.getLength() != null) {
            attributes.put(IMarker.CHAR_START, issue.getOffset());
            attributes.put(IMarker.CHAR_END, issue.getOffset() + issue.getLength());
        }
        if (issue.getColumn() != null) {
            attributes.put(COLUMN, issue.getColumn());
        }
        if (issue.getLineNumberEnd() != null) {
            attributes.put(LINE_END, issue.getLineNumberEnd());
        }
        if (issue.getColumnEnd() != null) {
            attributes.put(COLUMN_END, issue.getColumnEnd());
        }
        if (issue.getCode() != null) {
            attributes.put(CODE, issue.getCode());
        }
        if (issue.getData() != null && issue.getData().length > 0) {
            attributes.put(DATA, String.join("\n", issue.getData()));
        }
        attributes.put(IMarker.SOURCE_ID, "vmem");
        return attributes;
    }

    /** The data entries of a marker as a map (the last entry of a repeated key wins, except {@code related}). */
    public static Map<String, String> data(IMarker marker) {
        var map = new HashMap<String, String>();
        String data = marker.getAttribute(DATA, "");
        for (String entry : data.split("\n")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                map.putIfAbsent(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return map;
    }

    /**
     * Replaces the VMem markers of {@code file} with those of {@code issues}; leaves the markers alone
     * when they already say the same (no flicker while typing).
     */
    public static void replace(IFile file, List<Issue> issues) throws CoreException {
        if (!file.exists()) {
            return;
        }
        var wanted = new ArrayList<Map<String, Object>>();
        for (Issue issue : issues) {
            wanted.add(attributes(issue));
        }
        IMarker[] existing = file.findMarkers(TYPE, false, IResource.DEPTH_ZERO);
        if (same(existing, wanted)) {
            return;
        }
        IWorkspace workspace = file.getWorkspace();
        workspace.run(monitor -> {
            file.deleteMarkers(TYPE, false, IResource.DEPTH_ZERO);
            for (Map<String, Object> attributes : wanted) {
                file.createMarker(TYPE, attributes);
            }
        }, null, IWorkspace.AVOID_UPDATE, null);
    }

    /** Removes the VMem markers of {@code file}. */
    public static void clear(IFile file) throws CoreException {
        if (file.exists()) {
            file.deleteMarkers(TYPE, false, IResource.DEPTH_ZERO);
        }
    }

    private static boolean same(IMarker[] existing, List<Map<String, Object>> wanted) throws CoreException {
        if (existing.length != wanted.size()) {
            return false;
        }
        var have = new ArrayList<Map<String, Object>>();
        for (IMarker marker : existing) {
            have.add(marker.getAttributes());
        }
        for (Map<String, Object> w : wanted) {
            boolean found = false;
            for (Map<String, Object> h : have) {
                if (sameAttributes(h, w)) {
                    found = true;
                    break;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameAttributes(Map<String, Object> have, Map<String, Object> wanted) {
        for (var e : wanted.entrySet()) {
            if (!Objects.equals(have.get(e.getKey()), e.getValue())) {
                return false;
            }
        }
        return true;
    }
}
