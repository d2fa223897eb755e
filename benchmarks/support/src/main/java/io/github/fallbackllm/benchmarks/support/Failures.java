package io.github.fallbackllm.benchmarks.support;

/**
 * One-line descriptions of failures, for reports.
 *
 * @author Fallback LLM contributors
 */
public final class Failures {

	private static final int MAX_LENGTH = 200;

	private Failures() {
	}

	/**
	 * Describe a failure by its type and the first line of its message, and those of its
	 * root cause.
	 * @param failure the failure
	 * @return the description
	 */
	public static String describe(Throwable failure) {
		String line = firstLine(failure);
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return (cause != failure) ? line + " <- " + firstLine(cause) : line;
	}

	/**
	 * Return the type and the first line of the message, or the first two lines when the
	 * first one only announces a list.
	 */
	private static String firstLine(Throwable failure) {
		String[] lines = String.valueOf(failure.getMessage()).strip().split("\n");
		String text = (lines[0].endsWith(":") && lines.length > 1) ? lines[0] + " " + lines[1].strip() : lines[0];
		String line = failure.getClass().getName() + ": " + text;
		return (line.length() > MAX_LENGTH) ? line.substring(0, MAX_LENGTH) + "..." : line;
	}

}
