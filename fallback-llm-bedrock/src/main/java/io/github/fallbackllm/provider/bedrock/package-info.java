/**
 * AWS Bedrock through its Converse API ({@code POST /model/{modelId}/converse} and
 * {@code /converse-stream}), signed with AWS Signature V4 from the SDK's credentials
 * providers, or authorized with a Bedrock API key; streams arrive as AWS event-stream
 * frames.
 */
@NullMarked
package io.github.fallbackllm.provider.bedrock;

import org.jspecify.annotations.NullMarked;
