/**
 * How a group of a route orders its targets for one call: the {@link TargetSelector}
 * seam, the built-in strategies ({@link TargetSelectors}) and the per-target statistics
 * they read ({@link TargetStats}). A new strategy is one class here, or an application's
 * bean; the router never changes for it.
 */
@NullMarked
package io.github.fallbackllm.routing.selection;

import org.jspecify.annotations.NullMarked;
