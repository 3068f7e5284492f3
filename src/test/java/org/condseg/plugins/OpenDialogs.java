package org.condseg.plugins;

import java.awt.Dialog;
import java.awt.Window;

/** For tests that drive ImageJ's dialogs as a user would, in a JVM with a (virtual) display. */
final class OpenDialogs {

    private OpenDialogs() {
    }

    /** The showing dialog titled {@code title}, waited for up to 20 s. */
    static Dialog waitFor(String title) throws InterruptedException {
        for (int i = 0; i < 200; i++) {
            for (Window w : Window.getWindows())
                if (w instanceof Dialog d && d.isShowing() && title.equals(d.getTitle()))
                    return d;
            Thread.sleep(100);
        }
        throw new IllegalStateException("no dialog " + title + " appeared");
    }
}
