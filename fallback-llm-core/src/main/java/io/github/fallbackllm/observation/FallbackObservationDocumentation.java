package io.github.fallbackllm.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * The observations of a chat or embedding call: the call as a whole, and each attempt on
 * a target.
 *
 * @author Fallback LLM contributors
 */
public enum FallbackObservationDocumentation implements ObservationDocumentation {

	/**
	 * One call, from the request to its answer (a stream's last chunk) or its failure,
	 * every attempt included.
	 */
	CALL {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultCallObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return CallKeyNames.values();
		}

	},

	/**
	 * One attempt on one target: a request to a provider's model, until its answer (a
	 * stream's last chunk) or its failure. Its HTTP exchange is observed inside it.
	 */
	ATTEMPT {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultAttemptObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return AttemptKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return AttemptHighCardinalityKeyNames.values();
		}

	};

	/**
	 * Low-cardinality keys of the {@link #CALL} observation.
	 */
	public enum CallKeyNames implements KeyName {

		/** {@code chat}, or {@code embeddings} for an embedding call. */
		OPERATION_NAME {
			@Override
			public String asString() {
				return "gen_ai.operation.name";
			}
		},

		/**
		 * How the call ended: {@code served}, {@code all_failed}, {@code interrupted} (a
		 * stream broke after its first chunk) or {@code cancelled}.
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/**
		 * How many times the call moved on to a later target, skips included: {@code 0},
		 * {@code 1}, {@code 2} or {@code 3+}.
		 */
		HOPS {
			@Override
			public String asString() {
				return "hops";
			}
		},

		/** The configured name of the provider that answered, or {@code none}. */
		PROVIDER {
			@Override
			public String asString() {
				return "llm.fallback.provider";
			}
		},

		/** The configured model that answered, or {@code none}. */
		MODEL {
			@Override
			public String asString() {
				return "gen_ai.request.model";
			}
		},

		/** Whether the call is a stream: {@code true} or {@code false}. */
		STREAM {
			@Override
			public String asString() {
				return "llm.fallback.stream";
			}
		},

		/** The name of the route that served the call, such as {@code default}. */
		ROUTE {
			@Override
			public String asString() {
				return "llm.fallback.route";
			}
		}

	}

	/**
	 * Low-cardinality keys of the {@link #ATTEMPT} observation, named after
	 * OpenTelemetry's GenAI client conventions.
	 */
	public enum AttemptKeyNames implements KeyName {

		/** {@code chat}, or {@code embeddings} for an embedding call. */
		OPERATION_NAME {
			@Override
			public String asString() {
				return "gen_ai.operation.name";
			}
		},

		/** The provider's type: {@code openai}, {@code anthropic}, or {@code custom}. */
		PROVIDER_TYPE {
			@Override
			public String asString() {
				return "gen_ai.provider.name";
			}
		},

		/** The model asked for, as configured. */
		REQUEST_MODEL {
			@Override
			public String asString() {
				return "gen_ai.request.model";
			}
		},

		/** The model that answered, as the provider reported it, or {@code none}. */
		RESPONSE_MODEL {
			@Override
			public String asString() {
				return "gen_ai.response.model";
			}
		},

		/** The host the provider is called on, or {@code none}. */
		SERVER_ADDRESS {
			@Override
			public String asString() {
				return "server.address";
			}
		},

		/**
		 * The failure, as the attempt's outcome in snake case ({@code rate_limited},
		 * {@code timeout}, …) or {@code cancelled}; absent when the target answered.
		 */
		ERROR_TYPE {
			@Override
			public String asString() {
				return "error.type";
			}

			@Override
			public boolean isRequired() {
				return false;
			}
		},

		/** The provider's configured name. */
		PROVIDER {
			@Override
			public String asString() {
				return "llm.fallback.provider";
			}
		}

	}

	/**
	 * High-cardinality keys of the {@link #ATTEMPT} observation: on spans, not on meters.
	 */
	public enum AttemptHighCardinalityKeyNames implements KeyName {

		/** Tokens read, when the provider reported them. */
		INPUT_TOKENS {
			@Override
			public String asString() {
				return "gen_ai.usage.input_tokens";
			}

			@Override
			public boolean isRequired() {
				return false;
			}
		},

		/** Tokens generated, when the provider reported them. */
		OUTPUT_TOKENS {
			@Override
			public String asString() {
				return "gen_ai.usage.output_tokens";
			}

			@Override
			public boolean isRequired() {
				return false;
			}
		}

	}

}
