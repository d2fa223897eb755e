package io.github.fallbackllm.provider.transport;

import java.net.URI;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;

/**
 * A request exactly as it will be sent, for a {@link RequestSigner}.
 *
 * @param method the HTTP method
 * @param uri the final, encoded URI
 * @param headers the headers it will carry before signing, read-only
 * @param body the body bytes, empty for none
 * @author Fallback LLM contributors
 */
public record SignableRequest(HttpMethod method, URI uri, HttpHeaders headers, byte[] body) {

	@Override
	public String toString() {
		return "SignableRequest[" + this.method + " " + this.uri.getRawPath() + ", " + this.body.length + " bytes]";
	}

}
