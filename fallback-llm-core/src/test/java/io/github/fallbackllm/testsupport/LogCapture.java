package io.github.fallbackllm.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Captures what the library logs during a test. Without Spring Boot, Spring's
 * commons-logging bridge writes to {@code java.util.logging}, so a handler on its root
 * logger sees every line.
 *
 * @author Fallback LLM contributors
 */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback, ParameterResolver {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LogCapture.class);

	@Override
	public void beforeEach(ExtensionContext context) {
		Lines lines = lines(context);
		Logger.getLogger("").addHandler(lines);
	}

	@Override
	public void afterEach(ExtensionContext context) {
		Logger.getLogger("").removeHandler(lines(context));
	}

	@Override
	public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
		return parameter.getParameter().getType() == Lines.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
		return lines(context);
	}

	private static Lines lines(ExtensionContext context) {
		return context.getStore(NAMESPACE).getOrComputeIfAbsent(Lines.class, (key) -> new Lines(), Lines.class);
	}

	/**
	 * The lines logged so far, each as {@code LEVEL message}.
	 */
	public static final class Lines extends Handler {

		private final List<String> lines = new ArrayList<>();

		@Override
		public synchronized void publish(LogRecord record) {
			this.lines.add(levelName(record.getLevel()) + " " + record.getMessage()
					+ ((record.getThrown() != null) ? " " + record.getThrown() : ""));
		}

		/** Commons-logging's names, which the tests read: JUL says SEVERE for ERROR. */
		private static String levelName(Level level) {
			if (level.intValue() >= Level.SEVERE.intValue()) {
				return "ERROR";
			}
			return (level.intValue() >= Level.WARNING.intValue()) ? "WARN" : level.getName();
		}

		@Override
		public void flush() {
		}

		@Override
		public void close() {
		}

		/**
		 * Return everything logged, one line per record.
		 * @return the text
		 */
		public synchronized String getAll() {
			return String.join("\n", this.lines);
		}

	}

}
