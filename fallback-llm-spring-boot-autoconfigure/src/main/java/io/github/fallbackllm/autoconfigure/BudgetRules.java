package io.github.fallbackllm.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.fallbackllm.autoconfigure.FallbackLlmProperties.Provider;
import io.github.fallbackllm.autoconfigure.RouteProperties.Group;
import io.github.fallbackllm.autoconfigure.RouteProperties.Target;
import io.github.fallbackllm.budget.BudgetLimits;
import io.github.fallbackllm.chat.ChatRequest;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * What declared budgets ({@code rpm}, {@code tpm} of providers and route targets) must
 * satisfy: counts a window can hold, and one budget per target, since the limits are the
 * deployment's whichever route calls it. A tokens-per-minute limit below what a call that
 * names no max tokens takes up front is legal (some deployments have 1,000) but such
 * calls never fit: it is logged.
 *
 * @author Fallback LLM contributors
 */
final class BudgetRules {

	private static final Log logger = LogFactory.getLog(BudgetRules.class);

	private static final String PREFIX = "llm.fallback";

	private BudgetRules() {
	}

	/**
	 * Add the problems of one declaration of limits.
	 * @param problems where to add them
	 * @param prefix the property prefix of the provider entry or target
	 * @param rpm its requests per minute
	 * @param tpm its tokens per minute
	 */
	static void limits(List<ConfigurationProblem> problems, String prefix, long rpm, long tpm) {
		limit(problems, prefix + ".rpm", rpm, "requests");
		limit(problems, prefix + ".tpm", tpm, "tokens");
		if (tpm > 0 && tpm < ChatRequest.DEFAULT_MAX_TOKENS && logger.isWarnEnabled()) {
			logger.warn(prefix + ".tpm is " + tpm + ": a call that names no max tokens takes "
					+ ChatRequest.DEFAULT_MAX_TOKENS + " tokens of it up front, so only calls that name fewer max "
					+ "tokens are ever sent there");
		}
	}

	private static boolean countable(long limit) {
		return limit >= 0 && limit <= BudgetLimits.MAX;
	}

	private static void limit(List<ConfigurationProblem> problems, String property, long limit, String what) {
		if (!countable(limit)) {
			problems.add(new ConfigurationProblem(property,
					"must be between 0 and " + BudgetLimits.MAX + " (is " + limit + ")",
					"give the " + what + " per minute the deployment allows, or 0 for no limit"));
		}
	}

	/**
	 * Add a problem for each target that two routes or groups give different limits.
	 * @param problems where to add them
	 * @param properties the bound properties
	 */
	static void oneBudgetPerTarget(List<ConfigurationProblem> problems, FallbackLlmProperties properties) {
		Map<String, BudgetLimits> providers = new LinkedHashMap<>();
		for (Provider provider : properties.getProviders()) {
			if (provider.getName() != null && countable(provider.getRpm()) && countable(provider.getTpm())) {
				providers.putIfAbsent(provider.getName(), new BudgetLimits(provider.getRpm(), provider.getTpm()));
			}
		}
		Map<String, Declared> declared = new LinkedHashMap<>();
		for (Map.Entry<String, RouteProperties> route : properties.getRoutes().entrySet()) {
			List<Group> groups = route.getValue().getGroups();
			for (int i = 0; i < groups.size(); i++) {
				List<Target> targets = groups.get(i).getTargets();
				for (int j = 0; j < targets.size(); j++) {
					Target target = targets.get(j);
					String name = target.getTarget();
					if (name == null || name.indexOf('/') < 0 || !countable(target.getRpm())
							|| !countable(target.getTpm()) || (target.getRpm() == 0 && target.getTpm() == 0)) {
						continue;
					}
					name = name.substring(0, name.indexOf('/')).strip() + "/"
							+ name.substring(name.indexOf('/') + 1).strip();
					BudgetLimits limits = new BudgetLimits(target.getRpm(), target.getTpm())
						.orElse(providers.getOrDefault(name.substring(0, name.indexOf('/')), BudgetLimits.NONE));
					String property = PREFIX + ".routes." + route.getKey() + ".groups[" + i + "].targets[" + j + "]";
					Declared first = declared.putIfAbsent(name, new Declared(property, limits));
					if (first != null && !first.limits.equals(limits)) {
						problems.add(new ConfigurationProblem(property,
								"gives " + name + " " + describe(limits) + " where " + first.property + " gives it "
										+ describe(first.limits),
								"declare a deployment's limits once: on one target, or on its provider entry as "
										+ "llm.fallback.providers[i].rpm and tpm"));
					}
				}
			}
		}
	}

	private static String describe(BudgetLimits limits) {
		return "rpm " + limits.rpm() + " and tpm " + limits.tpm();
	}

	private record Declared(String property, BudgetLimits limits) {

	}

}
