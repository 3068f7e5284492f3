package org.condseg.plugins;

import java.awt.Rectangle;
import java.awt.Robot;
import java.awt.event.InputEvent;
import java.awt.event.KeyEvent;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import javax.imageio.ImageIO;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.ImageCanvas;
import ij.process.ShortProcessor;

/**
 * Makes the annotation tool's pictures for docs/user/images under a display (Xvfb): a 256 x 256 image
 * of bright cells (seeded), two cells committed (their outlines in label colours), a third being drawn
 * (its mask over the image, a positive and a negative point), the tool's panel, and the label image.
 * Run by {@code AnnotationScreenshotsTest}:
 * {@code xvfb-run -a -s "-screen 0 1280x900x24" java -cp … org.condseg.plugins.AnnotationScreenshots DIR MODEL}.
 */
public final class AnnotationScreenshots {

    private AnnotationScreenshots() {
    }

    public static void main(String[] args) {
        int code = 1;
        try {
            make(Path.of(args[0]), args[1]);
            code = 0;
        } catch (Exception | Error e) {
            e.printStackTrace();
        } finally {
            System.exit(code);
        }
    }

    static ImagePlus cells() {
        Random rnd = new Random(3);
        ShortProcessor sp = new ShortProcessor(256, 256);
        int[][] cells = {{60, 70, 22, 16}, {150, 60, 18, 24}, {110, 150, 26, 18}, {200, 180, 16, 16}, {60, 190, 20, 22}};
        for (int y = 0; y < 256; y++)
            for (int x = 0; x < 256; x++) {
                double v = 300 + 60 * rnd.nextGaussian();
                for (int[] c : cells) {
                    double dx = (x - c[0]) / (double) c[2], dy = (y - c[1]) / (double) c[3];
                    double r = dx * dx + dy * dy;
                    if (r <= 1)
                        v += 700 + 200 * (1 - r);
                }
                sp.set(x, y, (int) Math.max(0, v));
            }
        return new ImagePlus("cells.tif", sp);
    }

    private static void make(Path out, String model) throws Exception {
        Files.createDirectories(out);
        new ImageJ();
        IJ.getInstance().setLocation(0, 0);
        ImagePlus imp = cells();
        imp.show();
        IJ.wait(500);
        imp.getWindow().setLocation(0, 110);
        IJ.run(imp, "In [+]", "");
        IJ.wait(300);
        IJ.run("Annotation Tool");
        AnnotationTool tool = AnnotationTool.instance();
        tool.setModel(model);
        ImageCanvas c = imp.getCanvas();
        AnnotationToolTest.click(c, imp, 60, 70, 0);
        AnnotationToolTest.key(c, KeyEvent.VK_ENTER, '\n');
        tool.await();
        AnnotationToolTest.drag(c, imp, 128, 32, 172, 88);
        AnnotationToolTest.key(c, KeyEvent.VK_ENTER, '\n');
        tool.await();
        AnnotationToolTest.click(c, imp, 110, 150, 0);
        AnnotationToolTest.click(c, imp, 140, 150, InputEvent.ALT_DOWN_MASK);
        tool.await();
        imp.getWindow().toFront();
        IJ.wait(800);
        capture(imp.getWindow().getBounds(), out.resolve("annotation-tool.png"));
        java.awt.Frame panel = WindowManager.getFrame("CondSeg Annotation");
        if (panel == null)
            for (java.awt.Frame f : java.awt.Frame.getFrames())
                if ("CondSeg Annotation".equals(f.getTitle()))
                    panel = f;
        panel.setLocation(600, 110);
        panel.toFront();
        IJ.wait(500);
        capture(panel.getBounds(), out.resolve("annotation-panel.png"));
        ImagePlus labels = WindowManager.getImage("cells-labels");
        labels.getWindow().setLocation(600, 400);
        labels.getWindow().toFront();
        IJ.wait(500);
        capture(labels.getWindow().getBounds(), out.resolve("annotation-labels.png"));
    }

    private static void capture(Rectangle r, Path file) throws Exception {
        ImageIO.write(new Robot().createScreenCapture(r), "png", new File(file.toString()));
    }
}
