package io.github.fallbackllm.gateway.keys;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import io.github.fallbackllm.budget.ClientAdmission;
import io.github.fallbackllm.budget.ClientBudgets;
import io.github.fallbackllm.budget.ClientLimit;
import io.github.fallbackllm.budget.ClientLimits;
import io.github.fallbackllm.chat.TokenUsage;
import io.github.fallbackllm.gateway.GatewayAccess;
import io.github.fallbackllm.gateway.GatewayError;
import io.github.fallbackllm.gateway.GatewayRejectedException;
import io.github.fallbackllm.gateway.GatewayRequest;
import io.github.fallbackllm.gateway.GatewayRoutes;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ServerWebExchange;

/**
 * The gateway's keys: a request must present one of them, may use the key's routes only,
 * and is counted against the key's limits before any provider is called.
 * <ul>
 * <li>No key, a malformed one, or an unknown one: 401, {@code invalid_api_key}. The
 * presented key is hashed with SHA-256 and compared with every key's digest in constant
 * time; the secrets themselves are not kept.</li>
 * <li>A route the key may not use: 403, {@code permission_denied}, naming the route.</li>
 * <li>Over the key's {@code rpm}, {@code tpm} or {@code max-tokens-per-day}: 429,
 * {@code rate_limit_exceeded}, with {@code Retry-After} and
 * {@value #LIMIT_HEADER}{@code : key}, which tells it from a provider's limit.</li>
 * </ul>
 * Tokens are taken up front as the {@link InputTokens input estimate} and settled against
 * the usage the answer reports.
 *
 * @author Fallback LLM contributors
 */
public final class GatewayKeys implements GatewayAccess {

	/** The response header of a 429 that says whose limit was hit. */
	public static final String LIMIT_HEADER = "x-llm-limit";

	private static final String KEY_ATTRIBUTE = GatewayKeys.class.getName() + ".key";

	private static final Log logger = LogFactory.getLog(GatewayKeys.class);

	private static final int MAX_MODEL_SHOWN = 100;

	private final GatewayKey[] keys;

	private final GatewayRoutes routes;

	private final ClientBudgets budgets;

	private final KeyUsage usage;

	/**
	 * Create the keys.
	 * @param keys the keys, at least one, with distinct names and secrets
	 * @param routes which route serves a model
	 * @param budgets where the keys' usage is counted
	 * @param usage told of every request, by key name
	 */
	public GatewayKeys(List<GatewayKey> keys, GatewayRoutes routes, ClientBudgets budgets, KeyUsage usage) {
		if (keys.isEmpty()) {
			throw new IllegalArgumentException("At least one key is needed");
		}
		Set<String> names = new HashSet<>();
		for (int i = 0; i < keys.size(); i++) {
			GatewayKey key = keys.get(i);
			if (!names.add(key.name())) {
				throw new IllegalArgumentException("Two keys are named '" + key.name() + "'");
			}
			for (int j = 0; j < i; j++) {
				if (keys.get(j).hasSameSecretAs(key)) {
					throw new IllegalArgumentException(
							"Keys '" + keys.get(j).name() + "' and '" + key.name() + "' have the same secret");
				}
			}
		}
		this.keys = keys.toArray(GatewayKey[]::new);
		this.routes = routes;
		this.budgets = budgets;
		this.usage = usage;
	}

	@Override
	public @Nullable GatewayRejectedException authenticate(ServerWebExchange exchange) {
		PresentedKey presented = PresentedKey.read(exchange.getRequest().getHeaders());
		PresentedKey.Problem problem = presented.problem();
		byte[] secret = presented.key();
		if (problem == null && secret != null) {
			GatewayKey key = find(GatewayKey.sha256(secret));
			if (key != null) {
				exchange.getAttributes().put(KEY_ATTRIBUTE, key);
				return null;
			}
			problem = PresentedKey.Problem.UNKNOWN;
		}
		this.usage.rejected(KeyUsage.UNKNOWN_KEY, KeyRejection.INVALID_KEY);
		if (logger.isDebugEnabled()) {
			logger.debug("Refused " + exchange.getRequest().getMethod() + " " + exchange.getRequest().getPath() + ": "
					+ Objects.requireNonNull(problem).name().toLowerCase(Locale.ROOT) + " key");
		}
		return unauthorized(Objects.requireNonNull(problem));
	}

	@Override
	public @Nullable GatewayRejectedException authorize(ServerWebExchange exchange, @Nullable String model) {
		GatewayKey key = exchange.getAttribute(KEY_ATTRIBUTE);
		if (key == null) {
			// Authentication did not run for this request: refuse rather than serve.
			return unauthorized(PresentedKey.Problem.MISSING);
		}
		String route = this.routes.routeOf(model);
		return key.allows(route, model) ? null : rejected(key, KeyRejection.ROUTE, forbidden(route, model));
	}

	@Override
	public Mono<Admission> admit(ServerWebExchange exchange, GatewayRequest request) {
		GatewayRejectedException refused = authorize(exchange, request.model());
		if (refused != null) {
			return Mono.error(refused);
		}
		GatewayKey key = Objects.requireNonNull(exchange.getAttribute(KEY_ATTRIBUTE));
		ClientLimits limits = key.limits();
		if (!limits.limited()) {
			this.usage.admitted(key.name());
			return Mono.just((usage) -> used(key, usage));
		}
		return this.budgets.acquire(key.name(), limits, InputTokens.estimate(request.chatRequest()))
			.flatMap((admission) -> {
				ClientLimit over = admission.over();
				if (over != null) {
					return Mono.error(rejected(key, KeyRejection.of(over), tooMany(key, admission, over)));
				}
				this.usage.admitted(key.name());
				return Mono.just((usage) -> {
					used(key, usage);
					if (usage != null) {
						this.budgets.settle(admission, usage.totalTokens());
					}
				});
			});
	}

	/**
	 * The key whose digest this is: every key is compared, so that the time taken does
	 * not say which one matched.
	 */
	private @Nullable GatewayKey find(byte[] digest) {
		GatewayKey found = null;
		for (GatewayKey key : this.keys) {
			if (key.matches(digest) && found == null) {
				found = key;
			}
		}
		return found;
	}

	private void used(GatewayKey key, @Nullable TokenUsage usage) {
		if (usage != null) {
			this.usage.used(key.name(), usage);
		}
	}

	private GatewayRejectedException rejected(GatewayKey key, KeyRejection reason, GatewayRejectedException answer) {
		this.usage.rejected(key.name(), reason);
		if (logger.isDebugEnabled()) {
			logger.debug("Refused a request of key '" + key.name() + "': " + reason.tag());
		}
		return answer;
	}

	private static GatewayRejectedException unauthorized(PresentedKey.Problem problem) {
		HttpHeaders headers = new HttpHeaders();
		headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		return new GatewayRejectedException(
				GatewayError.of(HttpStatus.UNAUTHORIZED, "invalid_api_key", problem.message(), null), headers);
	}

	private static GatewayRejectedException forbidden(String route, @Nullable String model) {
		String asked = (model != null) ? " (model '" + shown(model) + "')" : "";
		return new GatewayRejectedException(
				GatewayError.of(HttpStatus.FORBIDDEN, "permission_denied",
						"This API key may not use route '" + route + "'" + asked
								+ "; use a model of the key's routes, or a key that may use this route",
						null),
				new HttpHeaders());
	}

	private static GatewayRejectedException tooMany(GatewayKey key, ClientAdmission admission, ClientLimit over) {
		ClientLimits limits = key.limits();
		String limit = switch (over) {
			case RPM -> limits.rpm() + " requests per minute (rpm)";
			case TPM -> limits.tpm() + " tokens per minute (tpm), with this request's estimated "
					+ admission.estimatedTokens() + " input tokens";
			case TOKENS_PER_DAY -> limits.tokensPerDay() + " tokens per UTC day (max-tokens-per-day), with this "
					+ "request's estimated " + admission.estimatedTokens() + " input tokens";
		};
		Duration retryAfter = Duration.between(admission.at(), Objects.requireNonNull(admission.retryAt()));
		HttpHeaders headers = new HttpHeaders();
		headers.set(LIMIT_HEADER, "key");
		return new GatewayRejectedException(GatewayError.of(HttpStatus.TOO_MANY_REQUESTS, "rate_limit_exceeded",
				"Key '" + key.name() + "' is over its limit of " + limit + "; no provider was called. Retry after "
						+ ((retryAfter.toMillis() + 999) / 1000) + " s",
				retryAfter), headers);
	}

	private static String shown(String model) {
		return (model.length() > MAX_MODEL_SHOWN) ? model.substring(0, MAX_MODEL_SHOWN) + "..." : model;
	}

}
