package io.github.fallbackllm.provider.bedrock;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.github.fallbackllm.chat.ChatRequest;
import io.github.fallbackllm.chat.ChatResponse;
import io.github.fallbackllm.provider.ErrorVocabulary;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.WebClientLlmProvider;
import io.github.fallbackllm.provider.transport.RequestSigner;
import io.github.fallbackllm.provider.transport.StreamFraming;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.utils.http.SdkHttpUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Provider for AWS Bedrock's Converse API: {@code POST /model/{modelId}/converse} and
 * {@code /converse-stream}, where a model is a model id, an inference-profile id or an
 * ARN. Requests are signed with AWS Signature V4 ({@link SigV4RequestSigner}) or carry a
 * Bedrock API key as a bearer token; streams are AWS event streams.
 * <p>
 * Its models are listed from the control plane ({@code ListFoundationModels} and
 * {@code ListInferenceProfiles}), whose host differs from the runtime's.
 *
 * @author Fallback LLM contributors
 */
public class BedrockLlmProvider extends WebClientLlmProvider {

	/** Pages of inference profiles read at most, so a health check stays bounded. */
	private static final int MAX_PROFILE_PAGES = 10;

	private static final StreamFraming FRAMING = new EventStreamFraming();

	private final String controlPlaneUrl;

	private final RequestSigner signer;

	private final BedrockErrors errors;

	/**
	 * Create a provider.
	 * @param settings the settings, with the runtime base URL
	 * @param webClientBuilder the builder
	 * @param region the region requests are signed for
	 * @param controlPlaneUrl the base URL that lists models
	 * @param signer signs requests; {@link RequestSigner#NONE} with an API key
	 */
	BedrockLlmProvider(ProviderSettings settings, WebClient.Builder webClientBuilder, String region,
			String controlPlaneUrl, RequestSigner signer) {
		super(settings, webClientBuilder);
		this.controlPlaneUrl = controlPlaneUrl;
		this.signer = signer;
		this.errors = new BedrockErrors(region);
	}

	@Override
	public String type() {
		return "bedrock";
	}

	@Override
	protected void authenticate(HttpHeaders headers, @Nullable String apiKey) {
		if (apiKey != null && !apiKey.isEmpty()) {
			headers.setBearerAuth(apiKey);
		}
	}

	@Override
	protected RequestSigner requestSigner() {
		return this.signer;
	}

	@Override
	protected StreamFraming streamFraming() {
		return FRAMING;
	}

	@Override
	protected ErrorVocabulary errorVocabulary() {
		return this.errors;
	}

	@Override
	protected URI chatUri(UriBuilder uri, String model, boolean stream) {
		// Encoded as the AWS SDK encodes it, everything but unreserved characters: an
		// ARN's ':' and '/' stay inside one segment, and what is signed is what is sent.
		return URI.create(settings().baseUrl() + "/model/" + SdkHttpUtils.urlEncode(model)
				+ (stream ? "/converse-stream" : "/converse"));
	}

	@Override
	protected ObjectNode chatBody(String model, ChatRequest request, boolean stream) {
		return BedrockRequestMapper.body(request);
	}

	@Override
	protected ChatResponse readResponse(String model, ChatRequest request, JsonNode body) {
		return BedrockResponseMapper.response(name(), model, request, body);
	}

	@Override
	protected StreamDecoder streamDecoder(String model, ChatRequest request) {
		return new BedrockStreamDecoder(name(), model, BedrockRequestMapper.answersWithTool(request));
	}

	/**
	 * List the foundation models and the inference profiles (ids and ARNs) the account
	 * can call, so that either kind of configured model is found.
	 */
	@Override
	public Mono<List<String>> listModels() {
		Mono<List<String>> foundationModels = getJson((uri) -> controlPlane("/foundation-models", null))
			.map((body) -> ids(body.path("modelSummaries"), "modelId", "modelArn"));
		Mono<List<String>> profiles = profiles(null, 0).collectList();
		return Mono.zip(foundationModels, profiles, (models, profileIds) -> {
			Set<String> all = new LinkedHashSet<>(models);
			all.addAll(profileIds);
			return List.copyOf(all);
		});
	}

	private Flux<String> profiles(@Nullable String nextToken, int page) {
		return getJson((uri) -> controlPlane("/inference-profiles", nextToken)).flatMapMany((body) -> {
			Flux<String> ids = Flux
				.fromIterable(ids(body.path("inferenceProfileSummaries"), "inferenceProfileId", "inferenceProfileArn"));
			String next = body.path("nextToken").asString("");
			return (next.isEmpty() || page + 1 >= MAX_PROFILE_PAGES) ? ids
					: ids.concatWith(Flux.defer(() -> profiles(next, page + 1)));
		});
	}

	private URI controlPlane(String path, @Nullable String nextToken) {
		UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(this.controlPlaneUrl).path(path);
		if (path.equals("/inference-profiles")) {
			uri.queryParam("maxResults", 1000);
		}
		if (nextToken != null) {
			uri.queryParam("nextToken", nextToken);
		}
		return uri.encode().build().toUri();
	}

	private static List<String> ids(JsonNode summaries, String idField, String arnField) {
		List<String> ids = new ArrayList<>();
		for (JsonNode summary : summaries) {
			for (String field : new String[] { idField, arnField }) {
				String id = summary.path(field).asString("");
				if (!id.isEmpty()) {
					ids.add(id);
				}
			}
		}
		return ids;
	}

}
