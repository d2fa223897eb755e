package io.github.fallbackllm.autoconfigure;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.ClassUtils;

/**
 * Keeps a Reactor Netty server reading its keep-alive connections. Reactor Netty 1.3.7
 * queues a request that arrives before the previous request's handler has ended, even
 * though its response was sent (actuator endpoints end on another thread), and after
 * serving it can stop reading the connection: the next request waits for the client's own
 * timeout (reactor/reactor-netty#4361, fixed after 1.3.7). A health probe or a gateway
 * client on a reused connection hangs that way. With {@value #PROPERTY} Reactor Netty
 * ends the previous request when the next one arrives, so nothing is queued.
 * <p>
 * It is a system property read once, when the first server connection is set up, so it is
 * set here, before the server starts, and only when the JVM has no value of its own:
 * {@code -D}{@value #PROPERTY}{@code =false} keeps Reactor Netty's default.
 *
 * @author Fallback LLM contributors
 */
public final class KeepAliveReadsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	/** Reactor Netty's system property. */
	public static final String PROPERTY = "reactor.netty.http.server.lastFlushWhenNoRead";

	private static final String REACTOR_NETTY_SERVER = "reactor.netty.http.server.HttpServer";

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (ClassUtils.isPresent(REACTOR_NETTY_SERVER, application.getClassLoader())
				&& System.getProperty(PROPERTY) == null) {
			System.setProperty(PROPERTY, "true");
		}
	}

}
