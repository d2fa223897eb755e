package io.github.fallbackllm.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings shared by every dialect of the gateway. A dialect's own settings live under
 * {@code llm.fallback.gateway.<dialect>}, in its own package.
 *
 * @author Fallback LLM contributors
 */
@ConfigurationProperties(GatewayProperties.PREFIX)
public class GatewayProperties {

	/** Prefix of the gateway's properties. */
	public static final String PREFIX = "llm.fallback.gateway";

	/**
	 * Whether to serve the gateway's endpoints (/v1/chat/completions, /v1/models, ...).
	 */
	private boolean enabled = true;

	/**
	 * Largest request body accepted; a larger one is answered 413 before any provider is
	 * called. The default fits a long prompt with inline images, as Anthropic's does.
	 */
	private DataSize maxRequestSize = DataSize.ofMegabytes(32);

	/**
	 * Longest time a client may take to send a request, from its headers to its last
	 * byte, before the connection is closed. Applies to the whole server.
	 */
	private Duration requestReadTimeout = Duration.ofSeconds(30);

	/**
	 * Whether image parts may have plain http URLs. Providers that fetch image URLs
	 * themselves (vLLM, Ollama) would fetch them from inside the network; https and
	 * base64 data URLs are always accepted.
	 */
	private boolean allowHttpImageUrls;

	/**
	 * What a request for a model that no route's name or alias matches gets, once routes
	 * are configured: a 404 model_not_found, or the default route.
	 */
	private UnknownModel unknownModel = UnknownModel.NOT_FOUND;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public DataSize getMaxRequestSize() {
		return this.maxRequestSize;
	}

	public void setMaxRequestSize(DataSize maxRequestSize) {
		if (maxRequestSize.toBytes() < 1 || maxRequestSize.toBytes() > Integer.MAX_VALUE) {
			throw new IllegalArgumentException(
					"must be between 1B and " + Integer.MAX_VALUE + "B (got " + maxRequestSize + ")");
		}
		this.maxRequestSize = maxRequestSize;
	}

	public Duration getRequestReadTimeout() {
		return this.requestReadTimeout;
	}

	public void setRequestReadTimeout(Duration requestReadTimeout) {
		this.requestReadTimeout = requestReadTimeout;
	}

	public boolean isAllowHttpImageUrls() {
		return this.allowHttpImageUrls;
	}

	public void setAllowHttpImageUrls(boolean allowHttpImageUrls) {
		this.allowHttpImageUrls = allowHttpImageUrls;
	}

	public UnknownModel getUnknownModel() {
		return this.unknownModel;
	}

	public void setUnknownModel(UnknownModel unknownModel) {
		this.unknownModel = unknownModel;
	}

	/**
	 * What a request for an unknown model gets.
	 */
	public enum UnknownModel {

		/** A 404 {@code model_not_found} in the dialect's envelope. */
		NOT_FOUND,

		/** The default route, as if it named no model. */
		DEFAULT_ROUTE

	}

}
