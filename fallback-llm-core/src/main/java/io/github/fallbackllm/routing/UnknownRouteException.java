package io.github.fallbackllm.routing;

import java.util.List;

/**
 * Thrown when a call or a lookup names a route that does not exist.
 *
 * @author Fallback LLM contributors
 */
public class UnknownRouteException extends IllegalArgumentException {

	private final String route;

	private final List<String> knownRoutes;

	public UnknownRouteException(String route, List<String> knownRoutes) {
		super("No route is named '" + shown(route) + "'; the routes are " + knownRoutes);
		this.route = route;
		this.knownRoutes = List.copyOf(knownRoutes);
	}

	/** A name from a request is the caller's text: shown cut to a bound. */
	private static String shown(String route) {
		return (route.length() <= 100) ? route : route.substring(0, 100) + "…";
	}

	/**
	 * Return the name asked for.
	 * @return the name
	 */
	public String getRoute() {
		return this.route;
	}

	/**
	 * Return the names of the routes that exist.
	 * @return the names
	 */
	public List<String> getKnownRoutes() {
		return this.knownRoutes;
	}

}
