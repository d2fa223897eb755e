package io.github.fallbackllm.routing.selection;

/**
 * One target of a group as a {@link TargetSelector} sees it.
 *
 * @author Fallback LLM contributors
 */
public interface Candidate {

	/**
	 * Return the name of the target's provider.
	 * @return the provider name
	 */
	String provider();

	/**
	 * Return the target's model.
	 * @return the model
	 */
	String model();

	/**
	 * Return the target's weight in its group; 1 unless configured.
	 * @return the weight, at least 1
	 */
	int weight();

	/**
	 * Return what traffic has measured on the target, shared by every route that uses it.
	 * @return the statistics
	 */
	TargetStats stats();

}
