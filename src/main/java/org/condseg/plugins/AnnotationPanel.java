package org.condseg.plugins;

import java.awt.BorderLayout;
import java.awt.Button;
import java.awt.Choice;
import java.awt.Frame;
import java.awt.GridLayout;
import java.awt.Label;
import java.awt.Panel;
import java.awt.event.WindowAdapter;
import java.awt.event.WindowEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.condseg.io.Models;
import org.condseg.model.CondSegException;
import org.condseg.model.Conditioning;
import org.condseg.model.ModelSpec;

import ij.ImagePlus;
import ij.WindowManager;

/**
 * The annotation tool's small window: the 2D model that answers prompts, the 3D model, the buttons
 * (Commit, Undo, Clear, Propagate, 3D, and First/Last to mark the slices they keep) and a status line
 * with the last mask's latency. Buttons act on the image the tool last worked on.
 */
final class AnnotationPanel extends Frame {

    private static final long serialVersionUID = 1L;

    private final transient AnnotationTool tool;
    private final Choice model = new Choice(), model3d = new Choice();
    private final Label status = new Label("Click an object: Alt-click = negative, drag = box, Shift-drag = scribble");

    AnnotationPanel(AnnotationTool tool) {
        super("CondSeg Annotation");
        this.tool = tool;
        List<String> twoD = new ArrayList<>(), threeD = new ArrayList<>();
        Models models = Models.standard(null);
        for (String id : models.ids()) {
            try {
                ModelSpec spec = models.find(id);
                if (spec.conditioning().task() != Conditioning.Task.INTERACTIVE)
                    continue;
                (spec.spatialDims() == 3 ? threeD : twoD).add(id);
            } catch (CondSegException | RuntimeException e) {
                // a broken package is listed by Model Manager with its reason; it is not offered here
            }
        }
        fill(model, twoD, tool.model(), tool::setModel);
        fill(model3d, threeD, tool.model3d(), tool::setModel3d);

        Panel choices = new Panel(new GridLayout(2, 2, 4, 2));
        choices.add(new Label("model"));
        choices.add(model);
        choices.add(new Label("model3d"));
        choices.add(model3d);
        Panel buttons = new Panel(new GridLayout(2, 4, 4, 4));
        button(buttons, "Commit [Enter]", tool::commit);
        button(buttons, "Undo [Backspace]", tool::undo);
        button(buttons, "Clear [Esc]", tool::clear);
        button(buttons, "Propagate", tool::propagate);
        button(buttons, "First slice", imp -> tool.mark(imp, true));
        button(buttons, "Last slice", imp -> tool.mark(imp, false));
        button(buttons, "3D", tool::segment3d);
        setLayout(new BorderLayout(4, 4));
        add(choices, BorderLayout.NORTH);
        add(buttons, BorderLayout.CENTER);
        add(status, BorderLayout.SOUTH);
        addWindowListener(new WindowAdapter() {
            @Override
            public void windowClosing(WindowEvent e) {
                setVisible(false);
            }
        });
        pack();
    }

    /** Shows a message in the status line. */
    void status(String message) {
        java.awt.EventQueue.invokeLater(() -> {
            status.setText(message);
            status.invalidate();
            validate();
        });
    }

    private static void fill(Choice c, List<String> ids, String chosen, Consumer<String> onChange) {
        if (ids.isEmpty())
            c.add(chosen);
        for (String id : ids)
            c.add(id);
        c.select(ids.contains(chosen) || ids.isEmpty() ? chosen : ids.get(0));
        onChange.accept(c.getSelectedItem());
        c.addItemListener(e -> onChange.accept(c.getSelectedItem()));
    }

    private void button(Panel p, String label, Consumer<ImagePlus> action) {
        Button b = new Button(label);
        b.addActionListener(e -> {
            ImagePlus imp = tool.lastImage();
            if (imp == null)
                imp = WindowManager.getCurrentImage();
            if (imp == null) {
                status("no image: open one and click on an object");
                return;
            }
            action.accept(imp);
        });
        p.add(b);
    }
}
