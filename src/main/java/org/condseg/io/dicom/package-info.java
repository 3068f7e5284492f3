/**
 * DICOM series as volumes: a small parser for uncompressed data (implicit and explicit VR
 * little-endian, explicit big-endian; compressed transfer syntaxes are refused by name), series told
 * apart by Series Instance UID, slices sorted along the slice normal, spacing from the positions,
 * Rescale Slope/Intercept applied.
 */
package org.condseg.io.dicom;
