package io.github.fallbackllm.provider.compatible;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;

import io.github.fallbackllm.chat.Capability;
import io.github.fallbackllm.provider.ErrorVocabulary;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * What sets one OpenAI-compatible service apart from OpenAI: its type name, default base
 * URL, how the key travels, whether a key is needed at all, its endpoints, its error
 * vocabulary and what its models support. Everything else is the OpenAI wire format.
 *
 * @author Fallback LLM contributors
 */
public final class CompatibleType {

	private final String type;

	private final String defaultBaseUrl;

	private final @Nullable String apiKeyHeader;

	private final boolean requiresApiKey;

	private final CompatibleEndpoints endpoints;

	private final ErrorVocabulary errors;

	private final Set<Capability> capabilities;

	private final RejectedParameters rejectedParameters;

	private final Embeddings embeddings;

	private CompatibleType(Builder builder) {
		this.type = builder.type;
		this.defaultBaseUrl = builder.defaultBaseUrl;
		this.apiKeyHeader = builder.apiKeyHeader;
		this.requiresApiKey = builder.requiresApiKey;
		this.endpoints = builder.endpoints;
		this.errors = builder.errors;
		Set<Capability> capabilities = EnumSet.noneOf(Capability.class);
		capabilities.addAll(builder.capabilities);
		this.capabilities = Collections.unmodifiableSet(capabilities);
		this.rejectedParameters = builder.rejectedParameters;
		this.embeddings = builder.embeddings;
	}

	/**
	 * Start describing a service.
	 * @param type the value of {@code type} that selects it
	 * @param defaultBaseUrl its public base URL
	 * @return a builder
	 */
	public static Builder builder(String type, String defaultBaseUrl) {
		return new Builder(type, defaultBaseUrl);
	}

	public String type() {
		return this.type;
	}

	public String defaultBaseUrl() {
		return this.defaultBaseUrl;
	}

	public boolean requiresApiKey() {
		return this.requiresApiKey;
	}

	public CompatibleEndpoints endpoints() {
		return this.endpoints;
	}

	public ErrorVocabulary errors() {
		return this.errors;
	}

	public Set<Capability> capabilities() {
		return this.capabilities;
	}

	public RejectedParameters rejectedParameters() {
		return this.rejectedParameters;
	}

	public Embeddings embeddings() {
		return this.embeddings;
	}

	/**
	 * Add the key to the default headers of a client, in the header the service reads.
	 * @param builder the client builder
	 * @param apiKey the key, if any
	 * @return the same builder
	 */
	WebClient.Builder authenticate(WebClient.Builder builder, @Nullable String apiKey) {
		if (apiKey != null && !apiKey.isEmpty()) {
			builder.defaultHeaders((headers) -> {
				if (this.apiKeyHeader != null) {
					headers.set(this.apiKeyHeader, apiKey);
				}
				else {
					headers.setBearerAuth(apiKey);
				}
			});
		}
		return builder;
	}

	@Override
	public String toString() {
		return "CompatibleType[" + this.type + ", " + this.defaultBaseUrl + "]";
	}

	/**
	 * Builds a {@link CompatibleType}; unset parts are OpenAI's.
	 */
	public static final class Builder {

		private final String type;

		private final String defaultBaseUrl;

		private @Nullable String apiKeyHeader;

		private boolean requiresApiKey = true;

		private CompatibleEndpoints endpoints = CompatibleEndpoints.OPENAI;

		private ErrorVocabulary errors = ErrorVocabulary.STANDARD;

		private Set<Capability> capabilities = Capability.ALL;

		private RejectedParameters rejectedParameters = RejectedParameters.NONE;

		private Embeddings embeddings = Embeddings.NONE;

		private Builder(String type, String defaultBaseUrl) {
			this.type = type;
			this.defaultBaseUrl = defaultBaseUrl;
		}

		/**
		 * Send the key in a header of its own rather than as
		 * {@code Authorization: Bearer}.
		 * @param name the header name, such as {@code api-key}
		 * @return this builder
		 */
		public Builder apiKeyHeader(String name) {
			this.apiKeyHeader = name;
			return this;
		}

		/**
		 * Say that the service's servers run without authentication, as local model
		 * servers do.
		 * @return this builder
		 */
		public Builder keyless() {
			this.requiresApiKey = false;
			return this;
		}

		/**
		 * Set the endpoints.
		 * @param endpoints the endpoints
		 * @return this builder
		 */
		public Builder endpoints(CompatibleEndpoints endpoints) {
			this.endpoints = endpoints;
			return this;
		}

		/**
		 * Set the error vocabulary.
		 * @param errors what the service adds to the standard vocabulary
		 * @return this builder
		 */
		public Builder errors(ErrorVocabulary errors) {
			this.errors = errors;
			return this;
		}

		/**
		 * Set what the service's models support unless the configuration says otherwise.
		 * @param capabilities the capabilities
		 * @return this builder
		 */
		public Builder capabilities(Set<Capability> capabilities) {
			this.capabilities = capabilities;
			return this;
		}

		/**
		 * Set what the service answers with a 400, found before the request is sent.
		 * @param rejectedParameters the check
		 * @return this builder
		 */
		public Builder rejectedParameters(RejectedParameters rejectedParameters) {
			this.rejectedParameters = rejectedParameters;
			return this;
		}

		/**
		 * Say that the service serves OpenAI's {@code /embeddings}, and how it can send
		 * vectors.
		 * @param embeddings the encoding it accepts; none by default
		 * @return this builder
		 */
		public Builder embeddings(Embeddings embeddings) {
			this.embeddings = embeddings;
			return this;
		}

		public CompatibleType build() {
			return new CompatibleType(this);
		}

	}

	/**
	 * Whether a service serves embeddings, and whether it may be asked for base64
	 * vectors, a quarter of the size of JSON numbers; not every server accepts
	 * {@code encoding_format}.
	 */
	public enum Embeddings {

		/** No embeddings endpoint. */
		NONE,

		/** Vectors as JSON numbers only. */
		FLOAT,

		/** Vectors as base64 when asked. */
		BASE64

	}

}
