package io.github.fallbackllm.benchmarks;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Pattern;

import io.github.fallbackllm.benchmarks.support.StubEndpoints;
import io.github.fallbackllm.provider.openai.OpenAiEmbeddings;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * An OpenAI-compatible chat endpoint on loopback that answers with canned bodies, as
 * {@link StubEndpoints} describes, and counts the requests it receives per key. Every
 * client in a run talks to the same stub.
 *
 * @author Fallback LLM contributors
 */
final class StubProvider implements AutoCloseable {

	private static final Pattern STREAM = Pattern.compile("\"stream\"\\s*:\\s*true");

	private static final Pattern INCLUDE_USAGE = Pattern.compile("\"include_usage\"\\s*:\\s*true");

	private static final String CHUNK_PREFIX = "data: {\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion.chunk\","
			+ "\"created\":1700000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_bench\",";

	private static final byte[] COMPLETION = ("{\"id\":\"chatcmpl-bench\",\"object\":\"chat.completion\","
			+ "\"created\":1700000000,\"model\":\"gpt-4o-mini-2024-07-18\",\"choices\":[{\"index\":0,\"message\":"
			+ "{\"role\":\"assistant\",\"content\":\"Use four metal cavity-wall anchors rated for at least 25 kg "
			+ "each, or better, screw into the timber studs behind the plasterboard. Check for pipes and cables "
			+ "with a detector before drilling, and ask your landlord, since many tenancies require permission "
			+ "for holes.\",\"refusal\":null,\"annotations\":[]},\"logprobs\":null,\"finish_reason\":\"stop\"}],"
			+ "\"usage\":{\"prompt_tokens\":57,\"completion_tokens\":64,\"total_tokens\":121,"
			+ "\"prompt_tokens_details\":{\"cached_tokens\":0,\"audio_tokens\":0},\"completion_tokens_details\":"
			+ "{\"reasoning_tokens\":0,\"audio_tokens\":0,\"accepted_prediction_tokens\":0,"
			+ "\"rejected_prediction_tokens\":0}},\"service_tier\":\"default\",\"system_fingerprint\":\"fp_bench\"}")
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] RATE_LIMITED = ("{\"error\":{\"message\":\"Rate limit reached for gpt-4o-mini in "
			+ "organization org-bench on requests per min (RPM): Limit 500, Used 500, Requested 1. Please try again "
			+ "in 30s.\",\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}")
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] SERVER_ERROR = ("{\"error\":{\"message\":\"The server had an error while processing "
			+ "your request. Sorry about that!\",\"type\":\"server_error\",\"param\":null,\"code\":null}}")
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] QUOTA = ("{\"error\":{\"message\":\"You exceeded your current quota, please check "
			+ "your plan and billing details.\",\"type\":\"insufficient_quota\",\"param\":null,"
			+ "\"code\":\"insufficient_quota\"}}")
		.getBytes(StandardCharsets.UTF_8);

	private static final byte[] EMBEDDINGS_BASE64 = embeddings(true);

	private static final byte[] EMBEDDINGS_FLOAT = embeddings(false);

	private static final Pattern BASE64 = Pattern.compile("\"encoding_format\"\\s*:\\s*\"base64\"");

	private final ConcurrentMap<String, LongAdder> hits = new ConcurrentHashMap<>();

	private final DisposableServer server;

	private StubProvider() {
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.post("/{key}/{behavior}/v1/chat/completions", this::chat)
				.post("/{key}/{behavior}/v1/embeddings", this::embeddings)
				.get("/_hits/{key}",
						(request, response) -> response
							.sendString(Mono.just(String.valueOf(hits(request.param("key")))))))
			.bindNow();
	}

	/**
	 * Start a stub on a free loopback port.
	 * @return the running stub
	 */
	static StubProvider start() {
		return new StubProvider();
	}

	/**
	 * Return the stub's root URL.
	 * @return the URL, without trailing slash
	 */
	String url() {
		return "http://127.0.0.1:" + this.server.port();
	}

	long hits(String key) {
		LongAdder count = this.hits.get(key);
		return (count != null) ? count.sum() : 0;
	}

	private Publisher<Void> chat(HttpServerRequest request, HttpServerResponse response) {
		this.hits.computeIfAbsent(String.valueOf(request.param("key")), (key) -> new LongAdder()).increment();
		Behavior behavior = Behavior.parse(String.valueOf(request.param("behavior")));
		Mono<String> body = request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("");
		if (behavior.kind().equals("hang")) {
			// Read the request, then never answer; the client's own timeouts decide.
			return body.then(Mono.never());
		}
		return body.delayUntil((text) -> behavior.latency().isZero() ? Mono.empty() : Mono.delay(behavior.latency()))
			.flatMap((text) -> Mono.from(respond(behavior, text, response)));
	}

	/**
	 * Answer an embeddings call with {@value EmbeddingScenario#INPUTS} vectors of
	 * {@value EmbeddingScenario#DIMENSIONS} dimensions, in base64 when asked, whatever
	 * the inputs.
	 */
	private Publisher<Void> embeddings(HttpServerRequest request, HttpServerResponse response) {
		this.hits.computeIfAbsent(String.valueOf(request.param("key")), (key) -> new LongAdder()).increment();
		return request.receive()
			.aggregate()
			.asString(StandardCharsets.UTF_8)
			.defaultIfEmpty("")
			.flatMap((text) -> Mono.from(json(response, HttpResponseStatus.OK,
					BASE64.matcher(text).find() ? EMBEDDINGS_BASE64 : EMBEDDINGS_FLOAT)));
	}

	private static byte[] embeddings(boolean base64) {
		StringBuilder body = new StringBuilder("{\"object\":\"list\",\"data\":[");
		for (int index = 0; index < EmbeddingScenario.INPUTS; index++) {
			float[] vector = new float[EmbeddingScenario.DIMENSIONS];
			for (int i = 0; i < vector.length; i++) {
				vector[i] = (float) Math.sin(index * 31 + i) / 8;
			}
			body.append((index > 0) ? "," : "").append("{\"object\":\"embedding\",\"index\":").append(index);
			body.append(",\"embedding\":");
			if (base64) {
				body.append('"').append(OpenAiEmbeddings.encodeBase64(vector)).append('"');
			}
			else {
				body.append(Arrays.toString(vector).replace(" ", ""));
			}
			body.append('}');
		}
		body.append("],\"model\":\"").append(EmbeddingScenario.MODEL);
		body.append("\",\"usage\":{\"prompt_tokens\":640,\"total_tokens\":640}}");
		return body.toString().getBytes(StandardCharsets.UTF_8);
	}

	private Publisher<Void> respond(Behavior behavior, String requestBody, HttpServerResponse response) {
		return switch (behavior.kind()) {
			case "ok" -> STREAM.matcher(requestBody).find()
					? stream(behavior, INCLUDE_USAGE.matcher(requestBody).find(), response)
					: json(response, HttpResponseStatus.OK, COMPLETION);
			case "ratelimit" ->
				json(response.header("retry-after", "30"), HttpResponseStatus.TOO_MANY_REQUESTS, RATE_LIMITED);
			case "servererror" -> json(response, HttpResponseStatus.INTERNAL_SERVER_ERROR, SERVER_ERROR);
			case "quota" -> json(response, HttpResponseStatus.TOO_MANY_REQUESTS, QUOTA);
			default -> json(response, HttpResponseStatus.NOT_FOUND,
					("{\"error\":{\"message\":\"unknown stub behaviour " + behavior.kind()
							+ "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}")
						.getBytes(StandardCharsets.UTF_8));
		};
	}

	private static Publisher<Void> json(HttpServerResponse response, HttpResponseStatus status, byte[] body) {
		return response.status(status)
			.header("content-type", "application/json")
			.header("content-length", String.valueOf(body.length))
			.send(Mono.just(Unpooled.wrappedBuffer(body)));
	}

	/**
	 * Stream a completion the way OpenAI does: a role chunk, content chunks, a chunk with
	 * the finish reason, the usage chunk when asked for, then {@code [DONE]}; every event
	 * is flushed on its own, as a model server does.
	 */
	private static Publisher<Void> stream(Behavior behavior, boolean includeUsage, HttpServerResponse response) {
		Flux<String> content = Flux.range(1, behavior.chunks() - 1).map(StubProvider::contentEvent);
		if (!behavior.gap().isZero()) {
			content = content.delayElements(behavior.gap());
		}
		List<String> tail = new ArrayList<>();
		tail.add(CHUNK_PREFIX
				+ "\"choices\":[{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"stop\"}]}\n\n");
		if (includeUsage) {
			tail.add(CHUNK_PREFIX + "\"choices\":[],\"usage\":{\"prompt_tokens\":57,\"completion_tokens\":"
					+ behavior.chunks() + ",\"total_tokens\":" + (57 + behavior.chunks()) + "}}\n\n");
		}
		tail.add("data: [DONE]\n\n");
		Flux<String> events = Flux.concat(Flux.just(CHUNK_PREFIX
				+ "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"logprobs\":null,"
				+ "\"finish_reason\":null}]}\n\n", contentEvent(0)), content, Flux.fromIterable(tail));
		Flux<ByteBuf> buffers = events.map((event) -> Unpooled.wrappedBuffer(event.getBytes(StandardCharsets.UTF_8)));
		return response.header("content-type", "text/event-stream").send(buffers, (buffer) -> true);
	}

	private static String contentEvent(int index) {
		return CHUNK_PREFIX + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"token" + index
				+ " \"},\"logprobs\":null,\"finish_reason\":null}]}\n\n";
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
	}

	/**
	 * What the stub does for one base URL.
	 */
	private record Behavior(String kind, Duration latency, int chunks, Duration gap) {

		static Behavior parse(String text) {
			String[] parts = text.split("-");
			Duration latency = Duration.ZERO;
			int chunks = 20;
			Duration gap = Duration.ZERO;
			for (int i = 1; i < parts.length; i++) {
				String part = parts[i];
				if (part.startsWith("lat")) {
					latency = Duration.ofMillis(Long.parseLong(part.substring(3)));
				}
				else if (part.startsWith("chunks")) {
					chunks = Math.max(1, Integer.parseInt(part.substring(6)));
				}
				else if (part.startsWith("gap")) {
					gap = Duration.ofMillis(Long.parseLong(part.substring(3)));
				}
			}
			return new Behavior(parts[0], latency, chunks, gap);
		}

	}

}
