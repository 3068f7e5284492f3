package org.condseg.evaluate;

import org.condseg.model.Box;
import org.condseg.model.Click;

/**
 * What the simulated user got on one object: Dice after each interaction, and what the baselines need.
 *
 * <pre>{@code
 * ObjectTrace t = protocol.run(image, object, () -> false);
 * double d3 = t.diceAfter(3);  // NaN where fewer than 3 interactions were allowed
 * int noc = t.clicksTo(0.90);  // the cap where never reached
 * }</pre>
 *
 * @param image the image's name
 * @param label the object's label value
 * @param slice the slice it was evaluated on
 * @param area its area in pixels
 * @param box its tight box
 * @param firstClick its interior-most pixel (the click prompt's first click)
 * @param dice Dice after interaction 1, 2, …; shorter than the cap where the protocol stopped early (at least
 *        {@code min(5, cap)} long: a perfect mask is carried forward)
 * @param runs the interactions run (the model's runs)
 * @param cap the most interactions allowed
 * @param ellipseDice Dice of the ellipse inscribed in the tight box
 * @param truth the object's pixels cut to its tight box (for the disc baseline)
 * @param width the image's width
 * @param height the image's height
 */
public record ObjectTrace(String image, int label, long slice, long area, Box box, Click firstClick, double[] dice, int runs, int cap,
        double ellipseDice, PlaneMask truth, int width, int height) {

    public ObjectTrace {
        dice = dice.clone();
    }

    /** Dice after {@code k} interactions (1-based); NaN where k exceeds the cap; the last value after an early stop. */
    public double diceAfter(int k) {
        if (k < 1)
            throw new IllegalArgumentException("interaction " + k + " is below 1");
        if (k > cap)
            return Double.NaN;
        return dice[Math.min(k, dice.length) - 1];
    }

    /** The number of interactions that first reach Dice {@code threshold}; the cap where none does. */
    public int clicksTo(double threshold) {
        for (int k = 0; k < dice.length; k++)
            if (dice[k] >= threshold)
                return k + 1;
        return cap;
    }

    /** Whether some interaction reached Dice {@code threshold}. */
    public boolean reaches(double threshold) {
        for (double d : dice)
            if (d >= threshold)
                return true;
        return false;
    }

    /** Dice of a disc of {@code radius} pixels around the first click. */
    public double discDice(double radius) {
        return Baselines.disc(firstClick, radius, width, height).dice(truth);
    }
}
