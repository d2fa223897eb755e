package io.github.fallbackllm.chat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ChatRequestTests {

	@Test
	void buildsAConversation() {
		ChatRequest request = ChatRequest.builder()
			.system("Be brief.")
			.user("Hi")
			.assistant("Hello!")
			.user("Bye")
			.temperature(0.2)
			.maxTokens(64)
			.stop("\n\n")
			.build();

		assertThat(request.messages()).extracting(ChatMessage::role)
			.containsExactly(ChatRole.SYSTEM, ChatRole.USER, ChatRole.ASSISTANT, ChatRole.USER);
		assertThat(request.stop()).containsExactly("\n\n");
	}

	@Test
	void isImmutable() {
		List<ChatMessage> messages = new ArrayList<>(List.of(ChatMessage.user("Hi")));
		ChatRequest request = new ChatRequest(messages, null, null, null);
		messages.add(ChatMessage.user("sneaked in"));

		assertThat(request.messages()).hasSize(1);
		assertThat(request.stop()).isEmpty();
	}

	@Test
	void rejectsRequestsNoProviderCouldAnswer() {
		assertThatExceptionOfType(InvalidChatRequestException.class).isThrownBy(() -> ChatRequest.builder().build())
			.withMessage("A chat request needs at least one message");
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ChatRequest.builder().system("Only rules").build())
			.withMessageContaining("not only system ones");
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ChatRequest.builder().user(null).build())
			.withMessage("A user message needs content (got null)");
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> new ChatRequest(java.util.Arrays.asList(ChatMessage.user("a"), null), null, null, null))
			.withMessage("messages[1] is null");
	}

	@Test
	void rejectsAbsurdSamplingSettings() {
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ChatRequest.builder().user("Hi").maxTokens(0).build())
			.withMessageContaining("The maximum number of tokens must be between 1 and 1000000 (got 0)");
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ChatRequest.builder().user("Hi").maxTokens(2_000_000_000).build());
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ChatRequest.builder().user("Hi").temperature(Double.NaN).build())
			.withMessageContaining("The temperature must be between 0 and 2");
		assertThatExceptionOfType(InvalidChatRequestException.class)
			.isThrownBy(() -> ChatRequest.builder().user("Hi").temperature(3.0).build());
	}

	@Test
	void rolesAreReadFromTheirWireNames() {
		assertThat(ChatRole.of("Assistant")).isEqualTo(ChatRole.ASSISTANT);
		assertThatExceptionOfType(InvalidChatRequestException.class).isThrownBy(() -> ChatRole.of("wizard"))
			.withMessage("Unknown message role 'wizard'; use one of [system, user, assistant, tool]");
	}

}
