package io.github.fallbackllm.redis.testsupport;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A real {@code redis-server} for the tests of a class: started on a free loopback port
 * with a temporary directory and no persistence, stopped after the class. Tests of a
 * machine without {@code redis-server} are skipped (CI installs it).
 * <p>
 * Register with {@code @RegisterExtension static RedisServer redis = new RedisServer();}.
 *
 * @author Fallback LLM contributors
 */
public final class RedisServer implements BeforeAllCallback, AfterAllCallback {

	private final List<LettuceConnectionFactory> connectionFactories = new ArrayList<>();

	private @Nullable RedisServerProcess server;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.server = RedisServerProcess.startIfInstalled();
		Assumptions.assumeTrue(this.server != null,
				"redis-server is not installed: the tests against a real Redis are skipped "
						+ "(apt-get install redis-server, as .ci/run does)");
	}

	@Override
	public void afterAll(ExtensionContext context) throws IOException {
		this.connectionFactories.forEach(LettuceConnectionFactory::destroy);
		this.connectionFactories.clear();
		if (this.server != null) {
			this.server.close();
		}
	}

	/**
	 * Return the port the server listens on, the same after a restart.
	 * @return the port
	 */
	public int port() {
		return server().port();
	}

	/**
	 * Start the server again after {@link #stop()}, empty.
	 */
	public void start() {
		server().start();
	}

	/**
	 * Kill the server at once, as a crash would; its data is lost.
	 */
	public void stop() {
		server().stop();
	}

	/**
	 * Return a started Lettuce connection factory for the server, destroyed after the
	 * class.
	 * @return the connection factory
	 */
	public LettuceConnectionFactory connectionFactory() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", port()),
				LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(5)).build());
		factory.afterPropertiesSet();
		factory.start();
		this.connectionFactories.add(factory);
		return factory;
	}

	/**
	 * Send one inline command; see {@link RedisServerProcess#command(String)}.
	 * @param command the command
	 * @return the answer
	 */
	public @Nullable String command(String command) {
		return server().command(command);
	}

	/**
	 * Return how many clients listen to a channel.
	 * @param channel the channel
	 * @return the number of subscribers
	 */
	public int subscribers(String channel) {
		return server().subscribers(channel);
	}

	private RedisServerProcess server() {
		RedisServerProcess running = this.server;
		if (running == null) {
			throw new IllegalStateException("redis-server is not installed");
		}
		return running;
	}

}
