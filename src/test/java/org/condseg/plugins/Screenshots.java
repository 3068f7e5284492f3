package org.condseg.plugins;

import java.awt.Button;
import java.awt.Checkbox;
import java.awt.Choice;
import java.awt.Color;
import java.awt.Component;
import java.awt.Container;
import java.awt.Dialog;
import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.ActionEvent;
import java.awt.event.ActionListener;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.condseg.SyntheticVolumes;
import org.condseg.ij.LabelRois;
import org.condseg.model.Box;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

/**
 * Makes the pictures of the docs (docs/images/) under a display (Xvfb): the {@code Segment Image...} dialog as ImageJ
 * shows it over a stack with a rectangle drawn on one slice, and the result on three slices of the
 * stack (red: the labels found by propagation, green: the truth, yellow: the rectangle). Run by
 * {@code ScreenshotsTest} with {@code -Dcondseg.screenshots=DIR}:
 * {@code xvfb-run -a -s "-screen 0 1280x900x24" java -cp … org.condseg.plugins.Screenshots DIR MODEL}.
 */
public final class Screenshots {

    private Screenshots() {
    }

    public static void main(String[] args) {
        int code = 1;
        try {
            make(args);
            code = 0;
        } catch (Exception | Error e) {
            e.printStackTrace();
        } finally {
            System.exit(code);
        }
    }

    private static void make(String[] args) throws Exception {
        Path out = Files.createDirectories(Path.of(args[0]));
        String model = args[1];
        SyntheticVolumes.Blob b = SyntheticVolumes.blob(7, 160, 128, 25);
        ImagePlus imp = ImageJMacroTest.stack("volume.tif", b, 0.8, 2.0, "mm");
        new ImageJ();
        imp.show();
        Box box = b.seedBox();
        imp.setSlice((int) box.z() + 1);
        imp.setRoi(new Roi((int) box.x(), (int) box.y(), (int) box.width(), (int) box.height()));
        IJ.run(imp, "Enhance Contrast", "saturated=0.35");
        Thread.sleep(500);

        Thread plugin = new Thread(() -> new SegmentImage().run(""), "Segment Image");
        plugin.start();
        Dialog dialog = OpenDialogs.waitFor("Segment Image");
        select(dialog, model, true);
        Rectangle bounds;
        do { // wait until the dialog is laid out and painted
            bounds = dialog.getBounds();
            Thread.sleep(1000);
        } while (!bounds.equals(dialog.getBounds()) || bounds.width < 100);
        dialog.toFront();
        Thread.sleep(1000);
        capture(dialog.getBounds(), out.resolve("segment-image-dialog.png"));
        press(dialog, "OK");
        plugin.join(60_000);
        Thread.sleep(500);

        ImagePlus labels = WindowManager.getImage("volume-labels");
        if (labels == null)
            throw new IllegalStateException("no volume-labels image was made");
        int[] slices = {(int) box.z() + 1 - 6, (int) box.z() + 1, (int) box.z() + 1 + 6};
        ColorProcessor montage = new ColorProcessor(b.width() * slices.length + 8 * (slices.length - 1), b.height());
        montage.setColor(Color.WHITE);
        montage.fill();
        for (int k = 0; k < slices.length; k++) {
            int z = slices[k];
            Overlay o = new Overlay(); // truth first, the result drawn over it
            ByteProcessor truth = new ByteProcessor(b.width(), b.height(), b.truth()[z - 1].clone());
            truth.setThreshold(1, 1, ImageProcessor.NO_LUT_UPDATE);
            Roi t = new ThresholdToSelection().convert(truth);
            if (t != null) {
                t.setStrokeColor(Color.GREEN);
                o.add(t);
            }
            for (Roi r : LabelRois.of(labels))
                if (r.getZPosition() == z) {
                    r.setStrokeColor(Color.RED);
                    r.setPosition(0);
                    o.add(r);
                }
            if (z == box.z() + 1) {
                Roi prompt = new Roi((int) box.x(), (int) box.y(), (int) box.width(), (int) box.height());
                prompt.setStrokeColor(Color.YELLOW);
                o.add(prompt);
            }
            ImagePlus one = new ImagePlus("z" + z, imp.getStack().getProcessor(z).duplicate());
            one.getProcessor().setMinAndMax(imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
            one.setOverlay(o);
            montage.insert(one.flatten().getProcessor(), k * (b.width() + 8), 0);
        }
        ImagePlus m = new ImagePlus("overlay", montage.resize(montage.getWidth() * 2, montage.getHeight() * 2));
        IJ.saveAs(m, "png", out.resolve("propagation-overlay.png").toString());
        System.out.println("screenshots written to " + out);
    }

    /** Picks the model and ticks propagate, as a user would. */
    private static void select(Container c, String model, boolean propagate) {
        for (Component k : c.getComponents()) {
            if (k instanceof Choice ch) {
                for (int i = 0; i < ch.getItemCount(); i++)
                    if (ch.getItem(i).equals(model))
                        ch.select(i);
            } else if (k instanceof Checkbox cb && cb.getLabel().equals("propagate")) {
                cb.setState(propagate);
            } else if (k instanceof Container inner) {
                select(inner, model, propagate);
            }
        }
    }

    private static void press(Container c, String label) {
        for (Component k : c.getComponents()) {
            if (k instanceof Button b && b.getLabel().trim().equals(label)) {
                for (ActionListener l : b.getActionListeners())
                    l.actionPerformed(new ActionEvent(b, ActionEvent.ACTION_PERFORMED, label));
                return;
            }
            if (k instanceof Container inner)
                press(inner, label);
        }
    }

    private static void capture(Rectangle r, Path file) throws Exception {
        BufferedImage img = new Robot().createScreenCapture(r);
        ImageIO.write(img, "png", new File(file.toString()));
    }
}
