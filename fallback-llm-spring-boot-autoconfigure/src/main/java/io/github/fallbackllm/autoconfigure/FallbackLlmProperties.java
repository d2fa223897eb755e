package io.github.fallbackllm.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.provider.compatible.AzureOpenAiLlmProviderFactory;
import io.github.fallbackllm.routing.AttemptTimeouts;
import io.github.fallbackllm.routing.CooldownSettings;
import io.github.fallbackllm.routing.RetrySettings;
import io.github.fallbackllm.routing.Route;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for the fallback chat service. The retry, cooldown and stream
 * groups can be set for all providers and overridden per provider; a value left unset
 * falls back to the global group, then to the built-in default.
 *
 * @author Fallback LLM contributors
 */
@ConfigurationProperties("llm.fallback")
public class FallbackLlmProperties {

	/**
	 * Whether to auto-configure the fallback chat service.
	 */
	private boolean enabled = true;

	/**
	 * Providers in fallback order. Each model of each provider is a target.
	 */
	private List<Provider> providers = new ArrayList<>();

	/**
	 * Named routes: ordered groups of 'provider/model' targets, selected by name or
	 * alias. Without a route named 'default', that route is every provider's models in
	 * order.
	 */
	private Map<String, RouteProperties> routes = new LinkedHashMap<>();

	/**
	 * Name of the route of calls that name none.
	 */
	private String defaultRoute = Route.DEFAULT;

	/**
	 * Deadline of one chat call, all attempts included; for a stream, the deadline of its
	 * first chunk.
	 */
	private Duration timeout = FallbackChatService.DEFAULT_TIMEOUT;

	private final Retry retry = new Retry();

	private final Cooldown cooldown = new Cooldown();

	private final Stream stream = new Stream();

	private final Validation validation = new Validation();

	private final Health health = new Health();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public List<Provider> getProviders() {
		return this.providers;
	}

	public void setProviders(List<Provider> providers) {
		this.providers = providers;
	}

	public Map<String, RouteProperties> getRoutes() {
		return this.routes;
	}

	public void setRoutes(Map<String, RouteProperties> routes) {
		this.routes = routes;
	}

	public String getDefaultRoute() {
		return this.defaultRoute;
	}

	public void setDefaultRoute(String defaultRoute) {
		this.defaultRoute = defaultRoute;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Cooldown getCooldown() {
		return this.cooldown;
	}

	public Stream getStream() {
		return this.stream;
	}

	public Validation getValidation() {
		return this.validation;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * One provider of the chain.
	 */
	public static class Provider {

		/**
		 * Unique name of the provider, used in logs, errors and health.
		 */
		private @Nullable String name;

		/**
		 * Type of the provider: 'openai' for any OpenAI-compatible endpoint, 'anthropic',
		 * or a service such as 'azure-openai', 'gemini' or 'ollama'. Leave unset for a
		 * provider declared as an LlmProvider bean of the same name.
		 */
		private @Nullable String type;

		/**
		 * Base URL of the API. Defaults to the public endpoint of the type.
		 */
		private @Nullable String baseUrl;

		/**
		 * API key of the provider.
		 */
		private @Nullable String apiKey;

		/**
		 * Whether the endpoint needs an API key. Unset, it does unless the type runs
		 * without one or the base URL is on the local network.
		 */
		private @Nullable Boolean apiKeyRequired;

		/**
		 * Models to try, in order.
		 */
		private List<String> models = new ArrayList<>();

		/**
		 * Azure OpenAI resource name, which makes the default base URL.
		 */
		private @Nullable String resource;

		/**
		 * Azure OpenAI api-version of the classic deployment URLs; unset, the v1 API is
		 * used.
		 */
		private @Nullable String apiVersion;

		/**
		 * Azure OpenAI deployment of each model, by model; a model without one is its own
		 * deployment name.
		 */
		private Map<String, String> deployments = new LinkedHashMap<>();

		/**
		 * AWS region of a Bedrock provider; unset, the AWS SDK's default region chain.
		 */
		private @Nullable String region;

		/**
		 * AWS access key id of a Bedrock provider; unset, the AWS SDK's default
		 * credentials chain.
		 */
		private @Nullable String accessKey;

		/**
		 * AWS secret access key of a Bedrock provider, with access-key.
		 */
		private @Nullable String secretKey;

		/**
		 * AWS session token of a Bedrock provider, for temporary credentials.
		 */
		private @Nullable String sessionToken;

		/**
		 * Google Cloud project whose Vertex AI the provider calls (type 'vertex').
		 */
		private @Nullable String project;

		/**
		 * Vertex AI location: a region such as 'us-central1', 'global', 'us' or 'eu'.
		 * Unset: 'global'.
		 */
		private @Nullable String location;

		/**
		 * Google credentials file, such as a service account key, for Vertex AI; unset,
		 * Application Default Credentials are used.
		 */
		private @Nullable String credentialsFile;

		/**
		 * Time allowed to open a connection. Not applied when the application defines its
		 * own ClientHttpConnector.
		 */
		private Duration connectTimeout = Duration.ofSeconds(5);

		/**
		 * Time allowed for a complete answer, per attempt.
		 */
		private Duration responseTimeout = AttemptTimeouts.DEFAULTS.response();

		/**
		 * Extra request headers.
		 */
		private Map<String, String> headers = new LinkedHashMap<>();

		/**
		 * Largest response body to read.
		 */
		private DataSize maxResponseSize = DataSize.ofMegabytes(10);

		/**
		 * What the models support beyond text (tools, images, json-schema); requests that
		 * need anything else skip them. Unset: all of them.
		 */
		private @Nullable Set<Capability> capabilities;

		/**
		 * Fields added to every request body, such as reasoning settings.
		 */
		private Map<String, Object> extraBody = new LinkedHashMap<>();

		/**
		 * Requests per minute each of the provider's models may receive; 0 for no limit.
		 */
		private long rpm;

		/**
		 * Tokens per minute each of the provider's models may use; 0 for no limit.
		 */
		private long tpm;

		private final Retry retry = new Retry();

		private final Cooldown cooldown = new Cooldown();

		private final Stream stream = new Stream();

		public @Nullable String getName() {
			return this.name;
		}

		public void setName(@Nullable String name) {
			this.name = name;
		}

		public @Nullable String getType() {
			return this.type;
		}

		public void setType(@Nullable String type) {
			this.type = type;
		}

		public @Nullable String getBaseUrl() {
			return this.baseUrl;
		}

		public void setBaseUrl(@Nullable String baseUrl) {
			this.baseUrl = baseUrl;
		}

		public @Nullable String getApiKey() {
			return this.apiKey;
		}

		public void setApiKey(@Nullable String apiKey) {
			this.apiKey = apiKey;
		}

		public @Nullable Boolean getApiKeyRequired() {
			return this.apiKeyRequired;
		}

		public void setApiKeyRequired(@Nullable Boolean apiKeyRequired) {
			this.apiKeyRequired = apiKeyRequired;
		}

		public @Nullable String getResource() {
			return this.resource;
		}

		public void setResource(@Nullable String resource) {
			this.resource = resource;
		}

		public @Nullable String getApiVersion() {
			return this.apiVersion;
		}

		public void setApiVersion(@Nullable String apiVersion) {
			this.apiVersion = apiVersion;
		}

		public Map<String, String> getDeployments() {
			return this.deployments;
		}

		public void setDeployments(Map<String, String> deployments) {
			this.deployments = deployments;
		}

		public @Nullable String getProject() {
			return this.project;
		}

		public void setProject(@Nullable String project) {
			this.project = project;
		}

		public @Nullable String getLocation() {
			return this.location;
		}

		public void setLocation(@Nullable String location) {
			this.location = location;
		}

		public @Nullable String getCredentialsFile() {
			return this.credentialsFile;
		}

		public void setCredentialsFile(@Nullable String credentialsFile) {
			this.credentialsFile = credentialsFile;
		}

		public @Nullable String getRegion() {
			return this.region;
		}

		public void setRegion(@Nullable String region) {
			this.region = region;
		}

		public @Nullable String getAccessKey() {
			return this.accessKey;
		}

		public void setAccessKey(@Nullable String accessKey) {
			this.accessKey = accessKey;
		}

		public @Nullable String getSecretKey() {
			return this.secretKey;
		}

		public void setSecretKey(@Nullable String secretKey) {
			this.secretKey = secretKey;
		}

		public @Nullable String getSessionToken() {
			return this.sessionToken;
		}

		public void setSessionToken(@Nullable String sessionToken) {
			this.sessionToken = sessionToken;
		}

		/**
		 * Return the options only some provider types read, by name, without unset ones.
		 * @return the options
		 */
		Map<String, String> options() {
			Map<String, String> options = new LinkedHashMap<>(
					AzureOpenAiLlmProviderFactory.options(this.apiVersion, this.deployments));
			putIfSet(options, "region", this.region);
			putIfSet(options, "access-key", this.accessKey);
			putIfSet(options, "secret-key", this.secretKey);
			putIfSet(options, "session-token", this.sessionToken);
			putIfSet(options, "project", this.project);
			putIfSet(options, "location", this.location);
			putIfSet(options, "credentials-file", this.credentialsFile);
			return options;
		}

		private static void putIfSet(Map<String, String> options, String name, @Nullable String value) {
			if (value != null && !value.isBlank()) {
				options.put(name, value.strip());
			}
		}

		public List<String> getModels() {
			return this.models;
		}

		public void setModels(List<String> models) {
			this.models = models;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getResponseTimeout() {
			return this.responseTimeout;
		}

		public void setResponseTimeout(Duration responseTimeout) {
			this.responseTimeout = responseTimeout;
		}

		public Map<String, String> getHeaders() {
			return this.headers;
		}

		public void setHeaders(Map<String, String> headers) {
			this.headers = headers;
		}

		public long getRpm() {
			return this.rpm;
		}

		public void setRpm(long rpm) {
			this.rpm = rpm;
		}

		public long getTpm() {
			return this.tpm;
		}

		public void setTpm(long tpm) {
			this.tpm = tpm;
		}

		public DataSize getMaxResponseSize() {
			return this.maxResponseSize;
		}

		public void setMaxResponseSize(DataSize maxResponseSize) {
			this.maxResponseSize = maxResponseSize;
		}

		public @Nullable Set<Capability> getCapabilities() {
			return this.capabilities;
		}

		public void setCapabilities(@Nullable Set<Capability> capabilities) {
			this.capabilities = capabilities;
		}

		public Map<String, Object> getExtraBody() {
			return this.extraBody;
		}

		public void setExtraBody(Map<String, Object> extraBody) {
			this.extraBody = extraBody;
		}

		public Retry getRetry() {
			return this.retry;
		}

		public Cooldown getCooldown() {
			return this.cooldown;
		}

		public Stream getStream() {
			return this.stream;
		}

		@Override
		public String toString() {
			String baseUrl = (this.baseUrl != null)
					? SecretRedactor.of(SecretRedactor.secretsOf(this.apiKey, this.headers, this.baseUrl))
						.redactUrl(this.baseUrl)
					: null;
			return "Provider[name=" + this.name + ", type=" + this.type + ", baseUrl=" + baseUrl + ", models="
					+ this.models + "]";
		}

	}

	/**
	 * Retry of a target after a transient failure (5xx, 408, Anthropic 529, connection
	 * error, timeout), before moving on. Unset values of a provider's group fall back to
	 * the global group, then to the defaults of {@link RetrySettings#DEFAULTS}.
	 */
	public static class Retry {

		/**
		 * Retries of the same target after the first attempt.
		 */
		private @Nullable Integer maxRetries;

		/**
		 * Wait before the first retry.
		 */
		private @Nullable Duration delay;

		/**
		 * Factor applied to the wait after each retry.
		 */
		private @Nullable Double multiplier;

		/**
		 * Longest wait between two retries.
		 */
		private @Nullable Duration maxDelay;

		/**
		 * Random variation added to each wait, so that concurrent calls spread out.
		 */
		private @Nullable Duration jitter;

		/**
		 * Longest Retry-After worth waiting for when no other target can answer; a
		 * provider asking for more is not waited for.
		 */
		private @Nullable Duration maxRetryAfter;

		/**
		 * Return these settings, with unset values taken from the given ones.
		 * @param defaults the settings to fall back to
		 * @return the resolved settings
		 */
		public RetrySettings resolve(RetrySettings defaults) {
			return new RetrySettings(or(this.maxRetries, defaults.maxRetries()), or(this.delay, defaults.delay()),
					or(this.multiplier, defaults.multiplier()), or(this.maxDelay, defaults.maxDelay()),
					or(this.jitter, defaults.jitter()), or(this.maxRetryAfter, defaults.maxRetryAfter()));
		}

		public @Nullable Integer getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(@Nullable Integer maxRetries) {
			this.maxRetries = maxRetries;
		}

		public @Nullable Duration getDelay() {
			return this.delay;
		}

		public void setDelay(@Nullable Duration delay) {
			this.delay = delay;
		}

		public @Nullable Double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(@Nullable Double multiplier) {
			this.multiplier = multiplier;
		}

		public @Nullable Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(@Nullable Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public @Nullable Duration getJitter() {
			return this.jitter;
		}

		public void setJitter(@Nullable Duration jitter) {
			this.jitter = jitter;
		}

		public @Nullable Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(@Nullable Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

	}

	/**
	 * Cooldown of failing targets: while cooling down, a target is skipped without a
	 * network call. Unset values of a provider's group fall back to the global group,
	 * then to the defaults of {@link CooldownSettings#DEFAULTS}.
	 */
	public static class Cooldown {

		/**
		 * Consecutive transient failures that cool a target down.
		 */
		private @Nullable Integer failureThreshold;

		/**
		 * Cooldown after transient failures, or after a rate limit that named no
		 * Retry-After.
		 */
		private @Nullable Duration duration;

		/**
		 * Cooldown after failures that do not heal by themselves (rejected key, exhausted
		 * quota, unknown model); also caps a provider's Retry-After.
		 */
		private @Nullable Duration longDuration;

		/**
		 * Return these settings, with unset values taken from the given ones.
		 * @param defaults the settings to fall back to
		 * @return the resolved settings
		 */
		public CooldownSettings resolve(CooldownSettings defaults) {
			return new CooldownSettings(or(this.failureThreshold, defaults.failureThreshold()),
					or(this.duration, defaults.duration()), or(this.longDuration, defaults.longDuration()));
		}

		public @Nullable Integer getFailureThreshold() {
			return this.failureThreshold;
		}

		public void setFailureThreshold(@Nullable Integer failureThreshold) {
			this.failureThreshold = failureThreshold;
		}

		public @Nullable Duration getDuration() {
			return this.duration;
		}

		public void setDuration(@Nullable Duration duration) {
			this.duration = duration;
		}

		public @Nullable Duration getLongDuration() {
			return this.longDuration;
		}

		public void setLongDuration(@Nullable Duration longDuration) {
			this.longDuration = longDuration;
		}

	}

	/**
	 * Time limits of streamed answers. Unset values of a provider's group fall back to
	 * the global group, then to the defaults of {@link AttemptTimeouts#DEFAULTS}.
	 */
	public static class Stream {

		/**
		 * Time allowed from the request to the first streamed text, per attempt; a target
		 * that misses it is left for the next one.
		 */
		private @Nullable Duration firstTokenTimeout;

		/**
		 * Longest silence between two streamed chunks.
		 */
		private @Nullable Duration idleTimeout;

		/**
		 * Return the time limits of an attempt, with unset values taken from the given
		 * ones.
		 * @param response time allowed for a complete answer
		 * @param defaults the limits to fall back to
		 * @return the resolved limits
		 */
		public AttemptTimeouts resolve(Duration response, AttemptTimeouts defaults) {
			return new AttemptTimeouts(response, or(this.firstTokenTimeout, defaults.firstToken()),
					or(this.idleTimeout, defaults.idle()));
		}

		public @Nullable Duration getFirstTokenTimeout() {
			return this.firstTokenTimeout;
		}

		public void setFirstTokenTimeout(@Nullable Duration firstTokenTimeout) {
			this.firstTokenTimeout = firstTokenTimeout;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

	}

	/**
	 * Checks of the configuration when the application starts.
	 */
	public static class Validation {

		/**
		 * Whether to stop the application at startup when the configuration has problems.
		 */
		private boolean enabled = true;

		/**
		 * Whether to also call each provider's model list at startup, and stop on
		 * rejected keys or models the provider does not offer.
		 */
		private boolean verifyOnStartup;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public boolean isVerifyOnStartup() {
			return this.verifyOnStartup;
		}

		public void setVerifyOnStartup(boolean verifyOnStartup) {
			this.verifyOnStartup = verifyOnStartup;
		}

	}

	/**
	 * Probes behind the 'llm' health indicator.
	 */
	public static class Health {

		/**
		 * How long a probe result is reused before the provider is asked again.
		 */
		private Duration cacheTtl = Duration.ofSeconds(30);

		/**
		 * Time allowed for one probe.
		 */
		private Duration timeout = Duration.ofSeconds(5);

		/**
		 * Interval of background probes; unset, providers are probed only when health is
		 * requested.
		 */
		private @Nullable Duration probeInterval;

		public Duration getCacheTtl() {
			return this.cacheTtl;
		}

		public void setCacheTtl(Duration cacheTtl) {
			this.cacheTtl = cacheTtl;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public @Nullable Duration getProbeInterval() {
			return this.probeInterval;
		}

		public void setProbeInterval(@Nullable Duration probeInterval) {
			this.probeInterval = probeInterval;
		}

	}

	private static <T> T or(@Nullable T value, T fallback) {
		return (value != null) ? value : fallback;
	}

}
