/**
 * The SciJava front end: the same operations as {@code org.condseg.plugins} as {@code Command}s for
 * scripts and Fiji's {@code --headless --run}. Parameters are never persisted and are validated here
 * (SciJava enforces neither {@code required} nor {@code min}); a failure cancels the command with its
 * one-line reason. They add no menu entries: the menu is {@code plugins.config}'s.
 */
package org.condseg.commands;
