package io.github.fallbackllm.provider.bedrock;

import java.time.Clock;

import io.github.fallbackllm.chat.AttemptOutcome;
import io.github.fallbackllm.provider.ProviderErrors;
import io.github.fallbackllm.provider.ProviderException;
import io.github.fallbackllm.provider.SecretRedactor;
import io.github.fallbackllm.provider.transport.RequestSigner;
import io.github.fallbackllm.provider.transport.SignableRequest;
import reactor.core.publisher.Mono;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;

import org.springframework.http.HttpHeaders;

/**
 * Signs each request with AWS Signature V4 for the service {@code bedrock} in one region,
 * over the URI and body bytes that are sent, with credentials resolved (and refreshed) by
 * an SDK credentials provider. Only {@code Content-Type} is signed among the request's
 * own headers, so that the signature covers nothing a connector may rewrite.
 *
 * @author Fallback LLM contributors
 */
final class SigV4RequestSigner implements RequestSigner {

	static final String SERVICE = "bedrock";

	private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

	private final IdentityProvider<? extends AwsCredentialsIdentity> credentials;

	private final String region;

	private final Clock clock;

	private final SecretRedactor redactor;

	SigV4RequestSigner(IdentityProvider<? extends AwsCredentialsIdentity> credentials, String region, Clock clock,
			SecretRedactor redactor) {
		this.credentials = credentials;
		this.region = region;
		this.clock = clock;
		this.redactor = redactor;
	}

	@Override
	public Mono<HttpHeaders> sign(SignableRequest request) {
		return Mono.fromFuture(this.credentials::resolveIdentity)
			.onErrorMap((ex) -> ProviderException.of(AttemptOutcome.AUTHENTICATION_FAILED,
					"no AWS credentials: " + ProviderErrors.summarize(this.redactor.redact(rootMessage(ex)))))
			.map((identity) -> sign(request, identity));
	}

	private HttpHeaders sign(SignableRequest request, AwsCredentialsIdentity identity) {
		SdkHttpRequest.Builder unsigned = SdkHttpRequest.builder()
			.uri(request.uri())
			.method(SdkHttpMethod.fromValue(request.method().name()));
		if (request.headers().getContentType() != null) {
			unsigned.putHeader(HttpHeaders.CONTENT_TYPE, request.headers().getContentType().toString());
		}
		SignedRequest signed = SIGNER.sign((sign) -> sign.identity(identity)
			.request(unsigned.build())
			.payload((request.body().length > 0) ? ContentStreamProvider.fromByteArrayUnsafe(request.body()) : null)
			.putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, SERVICE)
			.putProperty(AwsV4HttpSigner.REGION_NAME, this.region)
			.putProperty(HttpSigner.SIGNING_CLOCK, this.clock));
		HttpHeaders headers = new HttpHeaders();
		signed.request().headers().forEach((name, values) -> {
			if (!HttpHeaders.CONTENT_TYPE.equalsIgnoreCase(name)) {
				headers.put(name, values);
			}
		});
		return headers;
	}

	private static String rootMessage(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return (root.getMessage() != null) ? root.getMessage() : root.getClass().getSimpleName();
	}

	@Override
	public String toString() {
		return "SigV4RequestSigner[service=" + SERVICE + ", region=" + this.region + "]";
	}

}
