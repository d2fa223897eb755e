package io.github.fallbackllm.provider.bedrock;

import java.time.Clock;
import java.util.Map;

import io.github.fallbackllm.provider.LlmProvider;
import io.github.fallbackllm.provider.LlmProviderFactory;
import io.github.fallbackllm.provider.ProviderSettings;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.provider.transport.RequestSigner;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * {@link LlmProviderFactory} for {@code type: bedrock}. Reads these options of the
 * provider entry: {@value #REGION} (else the SDK's default region chain:
 * {@code AWS_REGION}, profile, instance metadata), and {@value #ACCESS_KEY},
 * {@value #SECRET_KEY} and {@value #SESSION_TOKEN} for fixed credentials (else the SDK's
 * default credentials chain). With an {@code api-key}, a Bedrock API key, requests carry
 * it as a bearer token and are not signed.
 * <p>
 * A {@code base-url} replaces the regional endpoint (a VPC endpoint, a test server) for
 * calls and model lists alike; signatures stay for the configured region and the service
 * {@code bedrock}.
 *
 * @author Fallback LLM contributors
 */
public class BedrockLlmProviderFactory implements LlmProviderFactory {

	/** Option: the AWS region. */
	public static final String REGION = "region";

	/** Option: the access key id of fixed credentials. */
	public static final String ACCESS_KEY = "access-key";

	/** Option: the secret access key of fixed credentials. */
	public static final String SECRET_KEY = "secret-key";

	/** Option: the session token of temporary fixed credentials. */
	public static final String SESSION_TOKEN = "session-token";

	private static final String REGION_VARIABLE = "{region}";

	private final Clock clock;

	public BedrockLlmProviderFactory() {
		this(Clock.systemUTC());
	}

	BedrockLlmProviderFactory(Clock clock) {
		this.clock = clock;
	}

	@Override
	public String type() {
		return "bedrock";
	}

	@Override
	public String defaultBaseUrl() {
		return runtimeUrl(REGION_VARIABLE);
	}

	/** Credentials come from the AWS default chain when no key is configured. */
	@Override
	public boolean requiresApiKey() {
		return false;
	}

	@Override
	public LlmProvider create(ProviderSettings settings, WebClient.Builder webClientBuilder) {
		String region = region(settings);
		boolean defaultEndpoint = settings.baseUrl().contains(REGION_VARIABLE);
		String baseUrl = settings.baseUrl().replace(REGION_VARIABLE, region);
		ProviderSettings resolved = new ProviderSettings(settings.name(), baseUrl, settings.apiKey(), settings.models(),
				settings.headers(), settings.maxResponseBytes(), settings.capabilities(), settings.extraBody(),
				settings.options());
		String controlPlane = defaultEndpoint ? "https://bedrock." + region + ".amazonaws.com" : baseUrl;
		RequestSigner signer = hasText(settings.apiKey()) ? RequestSigner.NONE : new SigV4RequestSigner(
				credentials(settings.options()), region, this.clock, SecretRedactor.of(resolved.secrets()));
		return new BedrockLlmProvider(resolved, webClientBuilder, region, controlPlane, signer);
	}

	static String runtimeUrl(String region) {
		return "https://bedrock-runtime." + region + ".amazonaws.com";
	}

	private static String region(ProviderSettings settings) {
		String region = settings.options().get(REGION);
		if (hasText(region)) {
			return region.strip();
		}
		try {
			return DefaultAwsRegionProviderChain.builder().build().getRegion().id();
		}
		catch (SdkClientException ex) {
			throw new IllegalStateException("Bedrock provider '" + settings.name()
					+ "' has no region: set llm.fallback.providers[].region or AWS_REGION", ex);
		}
	}

	private static IdentityProvider<? extends AwsCredentialsIdentity> credentials(Map<String, String> options) {
		String accessKey = options.get(ACCESS_KEY);
		String secretKey = options.get(SECRET_KEY);
		if (!hasText(accessKey) || !hasText(secretKey)) {
			return DefaultCredentialsProvider.builder().build();
		}
		String sessionToken = options.get(SESSION_TOKEN);
		return StaticCredentialsProvider
			.create(hasText(sessionToken) ? AwsSessionCredentials.create(accessKey, secretKey, sessionToken)
					: AwsBasicCredentials.create(accessKey, secretKey));
	}

	private static boolean hasText(@Nullable String value) {
		return value != null && !value.isBlank();
	}

}
