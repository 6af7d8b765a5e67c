/**
 * The experiment file format (JSON), as a zod schema: the single source of truth for its types.
 * docs/experiments.md describes it for users.
 */
import { z } from 'zod';

const bit = z.union([z.literal(0), z.literal(1)]);

export const SCHEME_TYPES = ['sync', 'async', 'sweep', 'stochastic'] as const;

/** Update scheme. All fields optional so that conditions can override single fields. */
export const schemeSpecSchema = z
  .object({
    type: z.enum(SCHEME_TYPES).optional(),
    cells: z.number().int().positive().optional(),
    /** Engine steps. For `async` one step updates one node in every cell; prefer `sweeps`. */
    steps: z.number().int().positive().optional(),
    /** Steps in units of the network size (async: sweeps × nodes steps; sync/sweep: sweeps steps). */
    sweeps: z.number().positive().optional(),
    /** Stochastic (continuous-time) scheme: simulated time and sampling interval. */
    time: z.number().positive().optional(),
    dt: z.number().positive().optional(),
    seed: z.union([z.number().int(), z.string()], { error: 'a seed is a whole number or a string' }).optional(),
    every: z.number().int().positive().optional(),
    /** Flip noise per node per step. */
    noise: z.number().min(0).max(1).optional(),
    rateScale: z.enum(['fraction', 'rate']).optional(),
  })
  .strict();

export const initialSpecSchema = z.union(
  [
    z.string(),
    z
      .object({
        values: z.record(z.string(), z.number().min(0).max(1)),
        rest: z.number().min(0).max(1).optional(),
      })
      .strict(),
  ],
  { error: 'an initial state is a name ("random", "zeros" or one of the model\'s) or { "values": { NODE: probability }, "rest"?: probability }' },
);

/**
 * A change in the middle of a run (MaBoSS schedule semantics, passed to the engine as is): at
 * `time` (steps for discrete schemes, time for stochastic), set `node` to `value` in each cell with
 * probability `probability` (default 1).
 */
export const scheduleEventSchema = z
  .object({
    time: z.number().nonnegative(),
    node: z.string(),
    value: bit,
    probability: z.number().min(0).max(1).optional(),
  })
  .strict();

// Union messages say what is allowed (zod's own is "Invalid input", e.g. for 1e999 = Infinity).
export const doseRequestSchema = z.union([z.number().nonnegative(), z.string(), z.boolean(), z.null()], {
  error: 'a dose is a finite number ≥ 0 in the drug\'s unit, a string such as "100 µM", true or "default" (its default dose), false, or null',
});

export const conditionSchema = z
  .object({
    description: z.string().optional(),
    /** Observation id this condition stands for (e.g. "O12b"). */
    observation: z.string().optional(),
    /** Start from the final cell states of another condition (same hypothesis). */
    from: z.string().optional(),
    hypothesis: z.string().optional(),
    flags: z.record(z.string(), bit).optional(),
    inputs: z.record(z.string(), bit).optional(),
    perturbations: z.array(z.string()).optional(),
    /** Drug name → dose (number in the drug's unit, "100 µM", or true/null/"default" for its default dose). */
    drugs: z.record(z.string(), doseRequestSchema).optional(),
    initial: initialSpecSchema.optional(),
    scheme: schemeSpecSchema.optional(),
    schedule: z.array(scheduleEventSchema).optional(),
  })
  .strict();

/** Which outcome a validation table records for an expectation, per hypothesis. */
export const tableMarkSchema = z.union([z.boolean(), z.enum(['✔', '✘', '-'])]);

export const expectationObjectSchema = z
  .object({
    expr: z.string(),
    /** A documented disagreement with the data: reported, never fails the run. */
    conflict: z.boolean().optional(),
    note: z.string().optional(),
    /** Observation (validation-table row) this expectation belongs to, e.g. "O4". */
    observation: z.string().optional(),
    /** Outcome the validation table records, per hypothesis name (✔ holds, ✘ fails, - no claim). */
    table: z.record(z.string(), tableMarkSchema).optional(),
  })
  .strict();

export const expectationSchema = z.union([z.string(), expectationObjectSchema]);

export const experimentSchema = z
  .object({
    $schema: z.string().optional(),
    format: z.literal('vsmc-experiment').optional(),
    title: z.string().optional(),
    description: z.string().optional(),
    /** Citation(s) of the data the expectations encode. */
    source: z.union([z.string(), z.array(z.string())]).optional(),
    /** Observation ids (validation table rows) the file covers. */
    observation: z.union([z.string(), z.array(z.string())]).optional(),
    /** Network file, relative to the experiment file. `vsmc run --network` overrides it. */
    network: z.string().optional(),
    hypothesis: z.string().optional(),
    flags: z.record(z.string(), bit).optional(),
    /** Inputs shared by every condition (a condition's own inputs win). */
    inputs: z.record(z.string(), bit).optional(),
    initial: initialSpecSchema.optional(),
    scheme: schemeSpecSchema.optional(),
    /** Columns of the result table: node ids or readout names (default: the model's readouts); nodes read by expectations are added. */
    readouts: z.array(z.string()).optional(),
    conditions: z.record(z.string(), conditionSchema),
    expect: z.array(expectationSchema).optional(),
  })
  .strict();

export type SchemeSpec = z.infer<typeof schemeSpecSchema>;
export type ScheduleEventSpec = z.infer<typeof scheduleEventSchema>;
export type ConditionSpec = z.infer<typeof conditionSchema>;
export type ExpectationSpec = z.infer<typeof expectationSchema>;
export type ExperimentSpec = z.infer<typeof experimentSchema>;
export type TableMark = z.infer<typeof tableMarkSchema>;

export function experimentJsonSchema(): unknown {
  return z.toJSONSchema(experimentSchema, { target: 'draft-2020-12' });
}
