/**
 * The command line, {@code java -jar condseg.jar <command>}: thin picocli commands over the core
 * ({@code segment}, {@code batch}, {@code demo}, {@code benchmark}, {@code models list|info|validate|import}). Failures print one line,
 * {@code condseg: error: <file>: <reason>}, and exit with the code of PRODUCT.md (2 usage, 3 input,
 * 4 model, 5 run, 130 cancelled).
 */
package org.condseg.cli;
