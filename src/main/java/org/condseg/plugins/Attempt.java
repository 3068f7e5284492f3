package org.condseg.plugins;

import java.util.concurrent.CancellationException;

import org.condseg.ij.StatusBarProgress;
import org.condseg.model.OptionKey;
import org.condseg.model.CondSegException;

import ij.IJ;

/**
 * A plugin's long-running work with the plugins' one way of ending it early: a CondSeg failure or a bad
 * argument shows one error line in a dialog (or the log, headless); a cancellation (Esc) is said on the status
 * bar. Either way nothing is made and {@link #run} returns {@code null}.
 */
final class Attempt {

    @FunctionalInterface
    interface Work<T> {
        T run() throws CondSegException;
    }

    private Attempt() {
    }

    static <T> T run(String title, StatusBarProgress progress, Work<T> work) {
        try {
            return work.run();
        } catch (CondSegException e) {
            progress.done(null);
            OptionsDialog.error(title, e.oneLine(OptionKey.Syntax.MACRO));
        } catch (IllegalArgumentException e) {
            progress.done(null);
            OptionsDialog.error(title, e.getMessage());
        } catch (CancellationException e) {
            progress.done("cancelled; nothing was made");
            IJ.resetEscape();
        }
        return null;
    }
}
