package io.github.fallbackllm.embedding;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * A route whose embedding targets span more than one embedding space, which would let a
 * fallback return vectors that cannot be compared with those already stored. Thrown when
 * the service is built, before any call, unless the route allows mixed spaces.
 *
 * @author Fallback LLM contributors
 */
public class MixedEmbeddingSpacesException extends IllegalArgumentException {

	private final String route;

	private final Map<String, List<String>> targetsBySpace;

	/**
	 * Create the exception.
	 * @param route the route's name
	 * @param targetsBySpace the route's embedding targets ({@code provider/model}) by
	 * embedding space, in route order
	 */
	public MixedEmbeddingSpacesException(String route, Map<String, List<String>> targetsBySpace) {
		super(message(route, targetsBySpace));
		this.route = route;
		Map<String, List<String>> copy = new LinkedHashMap<>();
		targetsBySpace.forEach((space, targets) -> copy.put(space, List.copyOf(targets)));
		this.targetsBySpace = Collections.unmodifiableMap(copy);
	}

	private static String message(String route, Map<String, List<String>> targetsBySpace) {
		StringJoiner spaces = new StringJoiner("; ");
		targetsBySpace.forEach((space, targets) -> spaces.add("'" + space + "': " + String.join(", ", targets)));
		return "The embedding targets of route '" + route + "' span " + targetsBySpace.size() + " embedding spaces ("
				+ spaces + "), whose vectors cannot be compared with each other. "
				+ "Give them one embedding-space, split them into one route per space, or set " + property(route)
				+ "=true";
	}

	/**
	 * Return the property that lets the route mix spaces.
	 * @param route the route's name
	 * @return {@code llm.fallback.routes.<route>.allow-mixed-spaces}
	 */
	public static String property(String route) {
		return "llm.fallback.routes." + route + ".allow-mixed-spaces";
	}

	/**
	 * Return the route's name.
	 * @return the route
	 */
	public String getRoute() {
		return this.route;
	}

	/**
	 * Return the route's embedding targets by embedding space.
	 * @return {@code provider/model} names by space, in route order
	 */
	public Map<String, List<String>> getTargetsBySpace() {
		return this.targetsBySpace;
	}

}
