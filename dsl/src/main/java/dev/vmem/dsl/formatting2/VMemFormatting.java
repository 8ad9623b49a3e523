package dev.vmem.dsl.formatting2;

import com.google.inject.Inject;
import com.google.inject.Provider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.eclipse.xtext.formatting2.FormatterPreferences;
import org.eclipse.xtext.formatting2.FormatterRequest;
import org.eclipse.xtext.formatting2.IFormatter2;
import org.eclipse.xtext.formatting2.regionaccess.ITextRegionAccess;
import org.eclipse.xtext.formatting2.regionaccess.ITextReplacement;
import org.eclipse.xtext.formatting2.regionaccess.TextRegionAccessBuilder;
import org.eclipse.xtext.preferences.IPreferenceValuesProvider;
import org.eclipse.xtext.preferences.TypedPreferenceValues;
import org.eclipse.xtext.resource.XtextResource;

/**
 * Formats a whole file with the language's preferences (four-space indentation): the entry point
 * for batch use (tests, the command line). The language server formats through Xtext's own
 * FormattingService, which reaches the same {@link VMemFormatter}.
 */
public class VMemFormatting {

    @Inject
    private Provider<IFormatter2> formatter;

    @Inject
    private Provider<FormatterRequest> requests;

    @Inject
    private TextRegionAccessBuilder regionAccess;

    @Inject
    @FormatterPreferences
    private IPreferenceValuesProvider preferences;

    /** The formatted text of a parsed resource; the resource itself is not changed. */
    public String format(XtextResource resource) {
        if (resource.getContents().isEmpty()) {
            // An empty file (or one of only comments and blanks) has no model: Xtext's region access
            // would fail on it (IndexOutOfBoundsException), and there is nothing to format.
            var parse = resource.getParseResult();
            return parse == null || parse.getRootNode() == null ? "" : parse.getRootNode().getText();
        }
        ITextRegionAccess access = regionAccess.forNodeModel(resource).create();
        FormatterRequest request = requests.get();
        request.setTextRegionAccess(access);
        request.setPreferences(TypedPreferenceValues.castOrWrap(preferences.getPreferenceValues(resource)));
        List<ITextReplacement> replacements = new ArrayList<>(formatter.get().format(request));
        replacements.sort(Comparator.comparingInt(ITextReplacement::getOffset).reversed());
        StringBuilder text = new StringBuilder(access.regionForDocument().getText());
        for (ITextReplacement replacement : replacements) {
            text.replace(replacement.getOffset(), replacement.getEndOffset(), replacement.getReplacementText());
        }
        return text.toString();
    }
}
