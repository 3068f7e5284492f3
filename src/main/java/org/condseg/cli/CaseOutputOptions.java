package org.condseg.cli;

import org.condseg.batch.CaseOutputs;

import picocli.CommandLine.Option;

/**
 * The outputs a batch writes beside each case's labels, shared by {@code batch} and the Spark runner.
 *
 * <pre>{@code
 * @Mixin CaseOutputOptions outputs = new CaseOutputOptions();
 * CaseOutputs extra = outputs.caseOutputs();
 * }</pre>
 */
public final class CaseOutputOptions {

    @Option(names = "--probabilities", description = "also write each case's foreground probability: <labels>-probabilities.<ext>")
    boolean probabilities;

    @Option(names = "--uncertainty", description = "also write each case's uncertainty (binary entropy of the probability, bits): <labels>-uncertainty.<ext>")
    boolean uncertainty;

    @Option(names = "--sample-masks", description = "also write a generative model's sampled masks (--samples N): <labels>-samples.<ext>")
    boolean sampleMasks;

    public CaseOutputs caseOutputs() {
        return new CaseOutputs(probabilities, uncertainty, sampleMasks);
    }
}
