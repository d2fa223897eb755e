package io.github.fallbackllm.provider.vertex;

import java.nio.file.Path;
import java.time.Clock;

import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.LlmProviderFactory;
import io.github.fallbackllm.provider.ProviderSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link LlmProviderFactory} for {@code type: vertex}: Google Vertex AI in one project
 * and location ({@value #PROJECT} and {@value #LOCATION} options, {@code global} by
 * default), with the credentials of a {@value #CREDENTIALS_FILE} or, without one,
 * Application Default Credentials. The base URL follows from the location unless the
 * configuration names another.
 *
 * @author Fallback LLM contributors
 */
public class VertexLlmProviderFactory implements LlmProviderFactory {

	/** The provider type. */
	public static final String TYPE = "vertex";

	/** Option naming the Google Cloud project. */
	public static final String PROJECT = "project";

	/** Option naming the location: a region, {@code global}, {@code us} or {@code eu}. */
	public static final String LOCATION = "location";

	/** Option naming a credentials file, such as a service account key. */
	public static final String CREDENTIALS_FILE = "credentials-file";

	private static final String DEFAULT_LOCATION = "global";

	private static final String DEFAULT_BASE_URL = new VertexLocation("project", DEFAULT_LOCATION).baseUrl();

	private final Clock clock;

	public VertexLlmProviderFactory() {
		this(Clock.systemUTC());
	}

	VertexLlmProviderFactory(Clock clock) {
		this.clock = clock;
	}

	@Override
	public String type() {
		return TYPE;
	}

	/**
	 * Return the host of the {@code global} location; a provider in another location
	 * calls that location's host.
	 * @return the base URL
	 */
	@Override
	public String defaultBaseUrl() {
		return DEFAULT_BASE_URL;
	}

	/**
	 * Return {@code false}: Vertex AI takes access tokens of Google credentials, not API
	 * keys.
	 * @return {@code false}
	 */
	@Override
	public boolean requiresApiKey() {
		return false;
	}

	/**
	 * Create a provider.
	 * @param settings the provider's settings, with the {@value #PROJECT} option and
	 * optionally {@value #LOCATION} and {@value #CREDENTIALS_FILE}
	 * @param webClientBuilder a builder set up with the application's HTTP client
	 * settings
	 * @return the provider
	 * @throws IllegalArgumentException if the project is missing, an option or a Claude
	 * model id is malformed, or the credentials file cannot be read
	 */
	@Override
	public LlmProvider create(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		String project = option(settings, PROJECT);
		if (project == null) {
			throw new IllegalArgumentException("provider '" + settings.name()
					+ "' names no project: set the Google Cloud project whose Vertex AI it calls");
		}
		String location = option(settings, LOCATION);
		VertexLocation where = new VertexLocation(project, (location != null) ? location : DEFAULT_LOCATION);
		// Claude ids go into the URL path: checked now rather than on the first call.
		settings.models()
			.stream()
			.filter(VertexLlmProvider::isClaude)
			.forEach((model) -> where.anthropicPath(model, false));
		String file = option(settings, CREDENTIALS_FILE);
		GoogleCredentialsSource source = (file != null) ? GoogleCredentialsSource.file(Path.of(file))
				: GoogleCredentialsSource.applicationDefault();
		GoogleAccessTokens tokens = new GoogleAccessTokens(source, this.clock);
		ProviderSettings located = located(settings, where);
		GoogleTokenSigner signer = new GoogleTokenSigner(tokens);
		return new VertexLlmProvider(settings, where, tokens,
				new VertexAnthropicProvider(located, webClientBuilder.clone(), where, signer),
				new VertexOpenAiProvider(located, webClientBuilder.clone(), where, signer));
	}

	/**
	 * The settings with the location's base URL, unless the configuration names its own
	 * (a Private Service Connect endpoint, a proxy, a test server); the key is dropped,
	 * as tokens take its place.
	 */
	private static ProviderSettings located(ProviderSettings settings, VertexLocation where) {
		String baseUrl = settings.baseUrl().equals(DEFAULT_BASE_URL) ? where.baseUrl() : settings.baseUrl();
		return new ProviderSettings(settings.name(), baseUrl, null, settings.models(), settings.headers(),
				settings.maxResponseBytes(), settings.capabilities(), settings.extraBody(), settings.options());
	}

	private static @Nullable String option(ProviderSettings settings, String name) {
		String value = settings.options().get(name);
		return (value != null && !value.isBlank()) ? value.strip() : null;
	}

}
