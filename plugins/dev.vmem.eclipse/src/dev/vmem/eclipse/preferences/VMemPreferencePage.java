package dev.vmem.eclipse.preferences;

import dev.vmem.eclipse.VMemPlugin;
import dev.vmem.engine.report.Rule;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.preference.BooleanFieldEditor;
import org.eclipse.jface.preference.ComboFieldEditor;
import org.eclipse.jface.preference.FieldEditorPreferencePage;
import org.eclipse.jface.preference.StringFieldEditor;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.ui.IWorkbench;
import org.eclipse.ui.IWorkbenchPreferencePage;
import org.eclipse.ui.preferences.ScopedPreferenceStore;

/** Window → Preferences → VMem: the default kernel profile, the code minings and a severity per rule code. */
public class VMemPreferencePage extends FieldEditorPreferencePage implements IWorkbenchPreferencePage {

    public VMemPreferencePage() {
        super(GRID);
        setDescription("Settings of the VMem editor and markers. Changes re-check every .vmem file.");
    }

    @Override
    public void init(IWorkbench workbench) {
        setPreferenceStore(new ScopedPreferenceStore(InstanceScope.INSTANCE, VMemPlugin.ID));
    }

    @Override
    protected void createFieldEditors() {
        Composite parent = getFieldEditorParent();
        var kernel = new StringFieldEditor(VMemPreferences.DEFAULT_KERNEL, "Default kernel profile:", parent) {
            @Override
            protected boolean doCheckState() {
                String text = getStringValue().trim();
                return text.isEmpty() || VMemPreferences.parseKernel(text).isPresent();
            }
        };
        kernel.setErrorMessage("Not a kernel profile, e.g. 6.18 x86_64 + no_direct_map v12 (or version 6.18 arch x86_64 patch no_direct_map v12)");
        addField(kernel);
        Label hint = new Label(parent, SWT.WRAP);
        hint.setText("For VMs that name no kernel profile, as in VS Code's kernel.defaultProfile: e.g. \"6.18 x86_64 + no_direct_map v12\". Empty: the newest known mainline on x86_64.");
        hint.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));

        addField(new BooleanFieldEditor(VMemPreferences.SHOW_INLAY_HINTS,
                "Show the direct-map exposure after each VM and backing (inlay hints)", parent));
        addField(new BooleanFieldEditor(VMemPreferences.SHOW_CODE_LENSES,
                "Show each scenario's result above it (code lenses)", parent));

        Label heading = new Label(parent, SWT.NONE);
        heading.setText("Severity per rule (default: the rule's own severity):");
        heading.setLayoutData(new GridData(SWT.FILL, SWT.TOP, true, false, 2, 1));
        String[][] choices = new String[VMemPreferences.SEVERITIES.length][];
        for (int i = 0; i < choices.length; i++) {
            String value = VMemPreferences.SEVERITIES[i];
            choices[i] = new String[] {value, value};
        }
        for (Rule rule : Rule.values()) {
            var editor = new ComboFieldEditor(VMemPreferences.SEVERITY_PREFIX + rule.code(),
                    rule.code() + " (" + rule.severity().name().toLowerCase() + "):", choices, parent);
            editor.getLabelControl(parent).setToolTipText(rule.title());
            addField(editor);
        }
    }

    @Override
    public boolean performOk() {
        boolean ok = super.performOk();
        if (ok && VMemPlugin.getDefault() != null && VMemPlugin.getDefault().checker() != null) {
            VMemPlugin.getDefault().checker().checkAll();
        }
        return ok;
    }
}
