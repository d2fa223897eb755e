package io.github.fallbackllm.metrics;

import java.util.LinkedHashSet;
import java.util.Set;

import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.RouteGroup;
import io.github.fallbackllm.routing.RouteTarget;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * A gauge per target of the share of its rate-limit budget left this minute, registered
 * once per target whatever the number of routes that use it, and read when scraped.
 *
 * @author Fallback LLM contributors
 */
public class BudgetMeterBinder implements MeterBinder {

	/** The gauge's name. */
	public static final String BUDGET_LEFT = "llm.fallback.target.budget.left";

	private final FallbackChatService service;

	/**
	 * Create a binder.
	 * @param service the service whose targets to watch
	 */
	public BudgetMeterBinder(FallbackChatService service) {
		this.service = service;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		Set<RouteTarget> targets = new LinkedHashSet<>();
		for (Route route : this.service.routes()) {
			for (RouteGroup group : route.groups()) {
				group.targets().forEach((target) -> targets.add(new RouteTarget(target.provider(), target.model(), 1)));
			}
		}
		for (RouteTarget target : targets) {
			String name = target.name();
			Gauge.builder(BUDGET_LEFT, this.service, (service) -> service.budgetLeft(name).orElse(Double.NaN))
				.description("Share of the target's rate-limit budget left this minute, 1 without limits")
				.tag(MeterFallbackListener.PROVIDER, target.provider())
				.tag(MeterFallbackListener.MODEL, target.model())
				.register(registry);
		}
	}

}
