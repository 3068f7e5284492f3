/**
 * The ImageJ 1 front end: the commands of {@code Plugins › Conditional Segmentation} registered by
 * {@code plugins.config}. Each reads its parameters from a dialog whose field labels are the macro keys
 * (recorded by the Macro Recorder, filled silently by a macro's options, or taken from the plugin's
 * argument where there is no display), builds one request, calls {@code org.condseg.ij} and shows the
 * result. No algorithm lives here.
 */
package org.condseg.plugins;
