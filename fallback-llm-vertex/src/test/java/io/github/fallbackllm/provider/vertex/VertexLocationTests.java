package io.github.fallbackllm.provider.vertex;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class VertexLocationTests {

	@Test
	void aRegionHasAHostOfItsOwn() {
		assertThat(new VertexLocation("my-project", "europe-west4").baseUrl())
			.isEqualTo("https://europe-west4-aiplatform.googleapis.com/v1");
	}

	@Test
	void globalHasTheHostWithoutARegion() {
		assertThat(new VertexLocation("my-project", "global").baseUrl())
			.isEqualTo("https://aiplatform.googleapis.com/v1");
	}

	@Test
	void theMultiRegionsHaveRegionalEndpoints() {
		assertThat(new VertexLocation("my-project", "us").baseUrl())
			.isEqualTo("https://aiplatform.us.rep.googleapis.com/v1");
		assertThat(new VertexLocation("my-project", "eu").baseUrl())
			.isEqualTo("https://aiplatform.eu.rep.googleapis.com/v1");
	}

	@Test
	void everyPathNamesTheProjectAndLocation() {
		VertexLocation location = new VertexLocation("my-project", "global");

		assertThat(location.openAiChatPath())
			.isEqualTo("/projects/my-project/locations/global/endpoints/openapi/chat/completions");
		assertThat(location.anthropicPath("claude-sonnet-4-5@20250929", false)).isEqualTo(
				"/projects/my-project/locations/global/publishers/anthropic/models/claude-sonnet-4-5@20250929:rawPredict");
		assertThat(location.anthropicPath("claude-sonnet-4-5", true)).isEqualTo(
				"/projects/my-project/locations/global/publishers/anthropic/models/claude-sonnet-4-5:streamRawPredict");
	}

	@Test
	void nothingButALocationReachesTheHostName() {
		assertThatIllegalArgumentException().isThrownBy(() -> new VertexLocation("my-project", "evil.com/x"))
			.withMessageContaining("is not a Vertex AI location");
		assertThatIllegalArgumentException().isThrownBy(() -> new VertexLocation("My Project", "global"))
			.withMessageContaining("is not a Google Cloud project id");
	}

	@Test
	void aModelIdCannotChangeThePath() {
		VertexLocation location = new VertexLocation("my-project", "global");

		assertThatIllegalArgumentException().isThrownBy(() -> location.anthropicPath("../../other", false))
			.withMessage("'../../other' is not a Vertex AI model id");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> location.anthropicPath("claude:streamRawPredict?x", false));
	}

}
