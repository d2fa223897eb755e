package io.github.fallbackllm;

import java.util.List;
import java.util.Optional;

import io.github.fallbackllm.chat.AllProvidersFailedException;
import io.github.fallbackllm.chat.InvalidChatRequestException;
import io.github.fallbackllm.embedding.EmbeddingRequest;
import io.github.fallbackllm.embedding.EmbeddingResponse;
import io.github.fallbackllm.embedding.MixedEmbeddingSpacesException;
import io.github.fallbackllm.routing.FallbackRouter;
import io.github.fallbackllm.routing.Route;
import io.github.fallbackllm.routing.UnknownRouteException;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Embedding calls that survive provider failures, on the routes, states, listeners and
 * observations of a {@link FallbackChatService}, which returns one from
 * {@link FallbackChatService#embeddings()}: the same retries, cooldowns and budgets,
 * observed as the {@code embeddings} operation. A call uses a route's embedding targets
 * only, skipping its chat models without a call.
 * <p>
 * The vectors of one answer come from one embedding space, named in
 * {@link EmbeddingResponse#space()}: a route whose embedding targets span more than one
 * is refused when the service is built ({@link MixedEmbeddingSpacesException}) unless the
 * route allows it, and a call whose inputs are sent in batches pins every batch to the
 * space of the first one's answer. A target that answers with vectors of another length
 * than the request's {@link EmbeddingRequest#dimensions() dimensions} fails, and the next
 * one is tried.
 *
 * @author Fallback LLM contributors
 */
public class FallbackEmbeddingService {

	private final FallbackRouter router;

	/**
	 * Create a service over a router; {@link FallbackChatService#embeddings()} returns
	 * one over the chat service's.
	 * @param router the router
	 */
	public FallbackEmbeddingService(FallbackRouter router) {
		this.router = router;
	}

	/**
	 * Embed the inputs without blocking. Cancelling the returned {@link Mono} cancels the
	 * request in flight.
	 * @param request the request
	 * @return a vector per input, in input order, or an
	 * {@link AllProvidersFailedException}
	 * @throws UnknownRouteException if the request names a route that does not exist
	 */
	public Mono<EmbeddingResponse> embed(EmbeddingRequest request) {
		return this.router.embed(checked(request));
	}

	/**
	 * Embed the inputs and wait for the vectors. Must not be called on a reactive
	 * (event-loop) thread; use {@link #embed(EmbeddingRequest)} there.
	 * @param request the request
	 * @return a vector per input, in input order
	 * @throws AllProvidersFailedException if no embedding target answered
	 */
	public EmbeddingResponse embedBlocking(EmbeddingRequest request) {
		EmbeddingResponse response = embed(request).block();
		if (response == null) {
			throw new IllegalStateException("Embedding call completed without an answer");
		}
		return response;
	}

	/**
	 * Embed one text and wait for its vector.
	 * @param text the text
	 * @return the vector
	 * @throws AllProvidersFailedException if no embedding target answered
	 */
	public float[] embedBlocking(String text) {
		return embedBlocking(EmbeddingRequest.of(text)).vectors().get(0);
	}

	private static EmbeddingRequest checked(@Nullable EmbeddingRequest request) {
		if (request == null) {
			throw new InvalidChatRequestException("The embedding request must not be null");
		}
		return request;
	}

	/**
	 * Return a view of a named route: a service that serves calls on that route, sharing
	 * states, the deadline, the listeners and the observations with this one.
	 * @param name the route's name
	 * @return the service
	 * @throws UnknownRouteException if no route has that name
	 */
	public FallbackEmbeddingService route(String name) {
		FallbackRouter route = this.router.route(name);
		return (route == this.router) ? this : new FallbackEmbeddingService(route);
	}

	/**
	 * Return a view of the route whose name or alias matches, such as the model name a
	 * client asked for.
	 * @param modelOrAlias the name or alias
	 * @return the service, or empty when no route matches
	 */
	public Optional<FallbackEmbeddingService> routeFor(String modelOrAlias) {
		return this.router.routeFor(modelOrAlias)
			.map((route) -> (route == this.router) ? this : new FallbackEmbeddingService(route));
	}

	/**
	 * Return every route: names, aliases and groups of targets, for listings.
	 * @return the routes, the {@value Route#DEFAULT} one first when it exists
	 */
	public List<Route> routes() {
		return this.router.routes();
	}

	/**
	 * Return the route this service serves calls that name none on.
	 * @return the route
	 */
	public Route currentRoute() {
		return this.router.currentRoute();
	}

	/**
	 * Return the embedding spaces of this route's embedding targets: one, unless the
	 * route allows mixed spaces; none when the route serves no embeddings, and its calls
	 * fail without a network call.
	 * @return the spaces, in route order
	 */
	public List<String> spaces() {
		return this.router.embeddingSpaces();
	}

}
