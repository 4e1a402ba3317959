/**
 * The bounds of one build (SPEC section 2, [decided 2026-12]): every template of one task — parse
 * rules and destination values — shares one budget of steps and time, each value stored in the chat
 * context has a size cap, and so has the whole result that goes into workflow history.
 *
 * Defaults: a real slot (a handful of lookups, a loop over an order's lines) uses a few hundred
 * steps and a few KiB; the bounds sit two orders of magnitude above that, and a build that uses all
 * of them still costs well under 100 ms of CPU.
 */
export interface BuildLimits {
  /** Steps shared by every template of the build (node visits, loop iterations, data work). */
  maxSteps: number;
  /** Characters of any one string or list built by a template, and of any one template's output. */
  maxValueLength: number;
  /** Characters of one template's source. */
  maxTemplateLength: number;
  /** Serialised JSON size (characters) of one value written to the chat context by a parse rule. */
  maxContextValueLength: number;
  /** Serialised JSON size of the whole result (payload + context updates) as it enters workflow history. */
  maxResultLength: number;
  /** Wall-clock bound of the build; the isolated runner also stops the thread a little after it. */
  timeLimitMs: number;
}

export const defaultBuildLimits: Readonly<BuildLimits> = Object.freeze({
  maxSteps: 100_000,
  maxValueLength: 65_536,
  maxTemplateLength: 16_384,
  maxContextValueLength: 65_536,
  maxResultLength: 262_144,
  timeLimitMs: 1_000,
});
