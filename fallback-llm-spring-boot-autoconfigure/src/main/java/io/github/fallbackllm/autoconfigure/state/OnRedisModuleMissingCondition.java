package io.github.fallbackllm.autoconfigure.state;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.ClassUtils;

/**
 * Matches when the Redis store cannot be built: the fallback-llm-redis module or Spring
 * Data Redis is missing.
 *
 * @author Fallback LLM contributors
 */
class OnRedisModuleMissingCondition extends SpringBootCondition {

	private static final String[][] REQUIRED = {
			{ "io.github.fallbackllm.redis.RedisTargetStateStore", "fallback-llm-redis" },
			{ "org.springframework.data.redis.connection.ReactiveRedisConnectionFactory", "Spring Data Redis" } };

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		String missing = missing(context.getClassLoader());
		return (missing != null) ? ConditionOutcome.match(missing + " is missing")
				: ConditionOutcome.noMatch("fallback-llm-redis and Spring Data Redis are present");
	}

	/**
	 * Return the first part that is missing.
	 */
	static @Nullable String missing(@Nullable ClassLoader classLoader) {
		for (String[] required : REQUIRED) {
			if (!ClassUtils.isPresent(required[0], classLoader)) {
				return required[1];
			}
		}
		return null;
	}

}
