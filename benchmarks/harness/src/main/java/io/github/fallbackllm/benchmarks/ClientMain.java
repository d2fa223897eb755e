package io.github.fallbackllm.benchmarks;

import java.util.Arrays;

import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import io.github.fallbackllm.FallbackChatService;
import io.github.fallbackllm.benchmarks.support.Arguments;
import io.github.fallbackllm.benchmarks.support.CannedChat;
import io.github.fallbackllm.benchmarks.support.SideBySide;
import io.github.fallbackllm.langchain4j.FallbackLangChain4j;

/**
 * Entry point of the JVMs the harness starts to measure this library and the raw
 * {@code WebClient} baseline: the first argument names the scenario, the rest are its
 * {@code --name=value} arguments. Results go to standard output as
 * {@link io.github.fallbackllm.benchmarks.support.Results} lines.
 *
 * @author Fallback LLM contributors
 */
public final class ClientMain {

	/** Name of the raw baseline in results. */
	static final String WEBCLIENT = "WebClient (raw)";

	/** Name of this library in results. */
	static final String FALLBACK = "FallbackChatService";

	/** Name of this library behind LangChain4j's {@code ChatModel}, in results. */
	static final String FALLBACK_LANGCHAIN4J = "FallbackChatModel (LangChain4j)";

	/** Name of this library's embedding calls, in results. */
	static final String EMBEDDINGS = "FallbackEmbeddingService";

	/** Name of this library with observations and meters on, in results. */
	static final String OBSERVED = "FallbackChatService, observed";

	private ClientMain() {
	}

	public static void main(String[] args) throws Exception {
		String scenario = args[0];
		String[] rest = Arrays.copyOfRange(args, 1, args.length);
		Arguments arguments = new Arguments(rest);
		switch (scenario) {
			case "overhead", OverheadScenario.OBSERVATIONS -> OverheadScenario.run(arguments);
			case "fallback-time" -> FallbackTimeScenario.run(arguments);
			case "cooldown" -> CooldownScenario.run(arguments);
			case "streaming" -> StreamingScenario.run(arguments);
			case "embeddings" -> EmbeddingScenario.run(arguments);
			case "scale" -> ScaleScenario.run(arguments);
			case "shared-state" -> SharedStateScenario.run(arguments);
			case "gateway" -> GatewayScenario.run(arguments);
			case "side-by-side" -> sideBySide(arguments.get("client"), rest);
			default -> throw new IllegalArgumentException("Unknown scenario " + scenario);
		}
		System.exit(0);
	}

	private static void sideBySide(String client, String[] args) {
		switch (client) {
			case "webclient" -> SideBySide.main(args, WEBCLIENT, (baseUrl, secondaryBaseUrl) -> {
				RawWebClient raw = new RawWebClient(baseUrl);
				return () -> raw.chat().block().content();
			});
			case "fallback" -> SideBySide.main(args, FALLBACK, (baseUrl, secondaryBaseUrl) -> {
				FallbackChatService service = OurClients.service(baseUrl, secondaryBaseUrl);
				return () -> service.chat(OurClients.REQUEST).content();
			});
			case "fallback-langchain4j" -> SideBySide.main(args, FALLBACK_LANGCHAIN4J, (baseUrl, secondaryBaseUrl) -> {
				ChatModel model = FallbackLangChain4j.chatModel(OurClients.service(baseUrl, secondaryBaseUrl)).build();
				ChatRequest request = ChatRequest.builder()
					.messages(SystemMessage.from(CannedChat.SYSTEM), UserMessage.from(CannedChat.USER))
					.build();
				return () -> model.chat(request).aiMessage().text();
			});
			default -> throw new IllegalArgumentException("Unknown client " + client);
		}
	}

}
