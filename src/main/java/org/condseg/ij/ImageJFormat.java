package org.condseg.ij;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.condseg.io.image.OutputImage;
import org.condseg.io.image.PlaneFormat;
import org.condseg.io.medical.MedicalImage;
import org.condseg.io.medical.VoxelType;
import org.condseg.io.medical.Voxels;
import org.condseg.model.InputException;

import ij.ImagePlus;
import ij.io.FileSaver;

/**
 * TIFF, PNG and (through Bio-Formats, where present) other formats for the headless front ends, read
 * and written by ImageJ 1: registered in {@code META-INF/services} as the core's {@link PlaneFormat}.
 * The planes are ImageJ's own (a signed 16-bit TIFF keeps its stored values, as in the ImageJ front ends);
 * outputs are the ImagePlus the ImageJ front ends show ({@link LabelImages#toImagePlus}), so a file
 * written from the command line and one saved in ImageJ are the same.
 *
 * <pre>{@code
 * MedicalImage m = new ImageJFormat().read(Path.of("cells.tif"), "tif");
 * }</pre>
 */
public final class ImageJFormat implements PlaneFormat {

    @Override
    public MedicalImage read(Path file, String extension) throws InputException {
        ImagePlus imp = ImageFiles.open(file);
        List<Object> planes = ImageFiles.planes(imp);
        Voxels v = new Voxels(imp.getWidth(), imp.getHeight(), imp.getNSlices(), imp.getNChannels(), imp.getNFrames(),
                VoxelType.of(planes.get(0)), planes);
        return new MedicalImage(v, ImagePlusAdapter.calibration(imp), null, null, MedicalImages.notes(imp));
    }

    @Override
    public void checkAvailable() {
        // resolving ImageJ's classes fails here, before any work, where ij.jar is missing
        new FileSaver(new ImagePlus()).getClass();
    }

    @Override
    public void write(OutputImage image, Path file, String extension) throws IOException {
        ImageFiles.writeWithImageJ(LabelImages.toImagePlus(image), file, extension);
    }
}
