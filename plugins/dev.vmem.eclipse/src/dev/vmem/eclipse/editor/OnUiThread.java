package dev.vmem.eclipse.editor;

import org.eclipse.swt.widgets.Control;

/** UI work that an analysis (made on another thread) asks of a widget. */
final class OnUiThread {

    private OnUiThread() {
    }

    /** Runs {@code action} soon on the widget's UI thread, if the widget is still there then (and now). */
    static void later(Control control, Runnable action) {
        if (control == null || control.isDisposed()) {
            return;
        }
        control.getDisplay().asyncExec(() -> {
            if (!control.isDisposed()) {
                action.run();
            }
        });
    }
}
