package io.github.fallbackllm.provider.vertex;

import java.util.regex.Pattern;

/**
 * Where Vertex AI serves a project's calls: the host of a location and the paths of its
 * endpoints. A region has a host of its own
 * ({@code us-central1-aiplatform.googleapis.com}), {@code global} has the host without a
 * region, and the multi-regions {@code us} and {@code eu} have regional endpoints of
 * their own ({@code aiplatform.us.rep.googleapis.com}); every path names the project and
 * location again.
 *
 * @param project the Google Cloud project id
 * @param location the region, {@code global}, {@code us} or {@code eu}
 * @author Fallback LLM contributors
 */
record VertexLocation(String project, String location) {

	/**
	 * Location ids are lowercase words joined by hyphens; nothing else may reach a host
	 * name.
	 */
	private static final Pattern LOCATION = Pattern.compile("[a-z][a-z0-9-]{0,62}");

	/**
	 * Project ids, including the legacy domain-scoped ones ({@code example.com:project}).
	 */
	private static final Pattern PROJECT = Pattern.compile("[a-z0-9][a-z0-9.:-]{0,99}");

	/** Model ids of Vertex's partner models, with an optional {@code @version}. */
	private static final Pattern MODEL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*+(@[A-Za-z0-9._-]++)?");

	VertexLocation {
		if (!PROJECT.matcher(project).matches()) {
			throw new IllegalArgumentException("'" + project + "' is not a Google Cloud project id");
		}
		if (!LOCATION.matcher(location).matches()) {
			throw new IllegalArgumentException("'" + location
					+ "' is not a Vertex AI location, such as us-central1, europe-west4, global, us or eu");
		}
	}

	/**
	 * Return the base URL of the location's API, version included.
	 * @return the base URL, without trailing slash
	 */
	String baseUrl() {
		return switch (this.location) {
			case "global" -> "https://aiplatform.googleapis.com/v1";
			case "us", "eu" -> "https://aiplatform." + this.location + ".rep.googleapis.com/v1";
			default -> "https://" + this.location + "-aiplatform.googleapis.com/v1";
		};
	}

	/**
	 * Return the path, under the base URL, of the OpenAI-compatible chat completions
	 * endpoint, which serves Gemini and the open models.
	 * @return the path
	 */
	String openAiChatPath() {
		return resourcePath() + "/endpoints/openapi/chat/completions";
	}

	/**
	 * Return the path, under the base URL, of a Claude model's Messages endpoint.
	 * @param model the model id, such as {@code claude-sonnet-4-5@20250929}
	 * @param stream whether the call streams
	 * @return the path
	 * @throws IllegalArgumentException if the id could change the path
	 */
	String anthropicPath(String model, boolean stream) {
		if (!MODEL.matcher(model).matches()) {
			throw new IllegalArgumentException("'" + model + "' is not a Vertex AI model id");
		}
		return resourcePath() + "/publishers/anthropic/models/" + model
				+ (stream ? ":streamRawPredict" : ":rawPredict");
	}

	private String resourcePath() {
		return "/projects/" + this.project + "/locations/" + this.location;
	}

}
