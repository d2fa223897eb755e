package io.github.fallbackllm.gateway;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;

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

	/**
	 * Who may use the gateway: 'keys' (one of 'keys' below, the default when any is
	 * configured) or 'none' (anyone who reaches the port, refused at startup unless the
	 * server listens on loopback only or allow-unauthenticated is true).
	 */
	private @Nullable Auth auth;

	/**
	 * Whether the gateway may start without keys on an address other than loopback, when
	 * something in front of it authenticates.
	 */
	private boolean allowUnauthenticated;

	/**
	 * Keys clients send as 'Authorization: Bearer <key>' or 'x-api-key: <key>', each with
	 * its routes and limits.
	 */
	private List<Key> keys = new ArrayList<>();

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

	public @Nullable Auth getAuth() {
		return this.auth;
	}

	public void setAuth(@Nullable Auth auth) {
		this.auth = auth;
	}

	/**
	 * Return the mode in force: the configured one, else {@link Auth#KEYS} when any key
	 * is configured, else {@link Auth#NONE}.
	 * @return the mode
	 */
	public Auth effectiveAuth() {
		return (this.auth != null) ? this.auth : this.keys.isEmpty() ? Auth.NONE : Auth.KEYS;
	}

	public boolean isAllowUnauthenticated() {
		return this.allowUnauthenticated;
	}

	public void setAllowUnauthenticated(boolean allowUnauthenticated) {
		this.allowUnauthenticated = allowUnauthenticated;
	}

	public List<Key> getKeys() {
		return this.keys;
	}

	public void setKeys(List<Key> keys) {
		this.keys = keys;
	}

	/**
	 * Who may use the gateway.
	 */
	public enum Auth {

		/** A request must present one of the configured keys. */
		KEYS,

		/** Anyone who reaches the port. */
		NONE

	}

	/**
	 * One key of the gateway. Its secret is never shown: not in logs, errors, metrics or
	 * actuator endpoints.
	 */
	public static class Key {

		/**
		 * Name of the key, shown in logs, metrics (tag 'key') and errors.
		 */
		private @Nullable String name;

		/**
		 * Secret clients send, usually from an environment variable such as
		 * ${TEAM_A_GATEWAY_KEY}.
		 */
		private @Nullable String key;

		/**
		 * Hex SHA-256 digest of the secret instead of the secret, so that the
		 * configuration holds none ('printf %s "$KEY" | sha256sum').
		 */
		private @Nullable String keySha256;

		/**
		 * Routes, or models naming them, the key may use; empty for all.
		 */
		private List<String> routes = new ArrayList<>();

		/**
		 * Requests per clock minute; none when unset.
		 */
		private @Nullable Long rpm;

		/**
		 * Input and output tokens per clock minute, taken up front as an estimate of the
		 * input and corrected with the reported usage; none when unset.
		 */
		private @Nullable Long tpm;

		/**
		 * Input and output tokens per UTC day, counted as tpm is; none when unset.
		 */
		private @Nullable Long maxTokensPerDay;

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getKey() {
			return this.key;
		}

		public void setKey(@Nullable String key) {
			this.key = key;
		}

		public @Nullable String getKeySha256() {
			return this.keySha256;
		}

		public void setKeySha256(@Nullable String keySha256) {
			this.keySha256 = keySha256;
		}

		public List<String> getRoutes() {
			return this.routes;
		}

		public void setRoutes(List<String> routes) {
			this.routes = routes;
		}

		public @Nullable Long getRpm() {
			return this.rpm;
		}

		public void setRpm(@Nullable Long rpm) {
			this.rpm = rpm;
		}

		public @Nullable Long getTpm() {
			return this.tpm;
		}

		public void setTpm(@Nullable Long tpm) {
			this.tpm = tpm;
		}

		public @Nullable Long getMaxTokensPerDay() {
			return this.maxTokensPerDay;
		}

		public void setMaxTokensPerDay(@Nullable Long maxTokensPerDay) {
			this.maxTokensPerDay = maxTokensPerDay;
		}

		@Override
		public String toString() {
			return "Key[" + this.name + "]";
		}

	}

}
