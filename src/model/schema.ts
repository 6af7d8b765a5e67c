/**
 * The native network format (JSON), as a zod schema: the single source of truth for the
 * network types. `npx vsmc schema` prints the JSON Schema generated from it (docs/network.schema.json).
 */
import { z } from 'zod';

const ID = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const idString = z.string().regex(ID, 'must be an identifier: letters, digits and _, not starting with a digit');

export const citationSchema = z
  .object({
    /** Free text: authors, year, journal, what it shows. */
    text: z.string(),
    /** Reference numbers in the review (ter Braake 2017) this citation stands behind. */
    reviewRefs: z.array(z.number().int().nonnegative()).optional(),
    pmid: z.string().regex(/^[0-9]+$/).optional(),
    doi: z.string().optional(),
    url: z.string().optional(),
    /** true: the primary source was read; false: recalled or inferred, check before citing. */
    verified: z.boolean().optional(),
    /** D direct, I inferred, T textbook / other cell type. */
    confidence: z.enum(['D', 'I', 'T']).optional(),
  })
  .strict();

export const regulationSchema = z
  .object({
    source: z.string(),
    /** Declared sign: + activation, - inhibition, ± dual. Checked against the rule by `vsmc check`. */
    sign: z.enum(['+', '-', '±']),
    /** Module flag gating this edge, e.g. MOD_INTRA (the web view fades it when the flag is 0). */
    module: z.string().optional(),
    evidence: z.array(citationSchema).optional(),
    note: z.string().optional(),
  })
  .strict();

export const nodeSchema = z
  .object({
    id: idString,
    /** Display name as a biologist writes it (may contain -, +, Greek letters, sub/superscripts). */
    label: z.string().optional(),
    compartment: z.string().optional(),
    /** input, drug, protein, miRNA, ion, particle, metabolite, phenotype, … */
    kind: z.string().optional(),
    /** Module tag of the node (PASSIVE, INTRA, MEMB, PIDIRECT, CORE). */
    module: z.string().optional(),
    description: z.string().optional(),
    /** Why the rule is what it is, where it departs from the draft, open questions. */
    notes: z.string().optional(),
    evidence: z.array(citationSchema).optional(),
    /** Declared input: held constant during a run, has no rule. */
    input: z.boolean().optional(),
    /** Value an input takes unless an experiment sets it. */
    default: z.union([z.literal(0), z.literal(1)]).optional(),
    /** Update rule in the rule language (see docs/rules.md). Absent for inputs. */
    rule: z.string().optional(),
    /** MaBoSS-style rates: arithmetic over $parameters and node values (see docs/rules.md). */
    rateUp: z.union([z.string(), z.number()]).optional(),
    rateDown: z.union([z.string(), z.number()]).optional(),
    regulations: z.array(regulationSchema).optional(),
    position: z.object({ x: z.number(), y: z.number() }).strict().optional(),
    /** Set when the node is one bit of a booleanised multi-valued species (SBML maxLevel > 1). */
    multivalued: z.object({ species: z.string(), level: z.number().int().positive() }).strict().optional(),
  })
  .strict();

export const hypothesisSchema = z
  .object({
    label: z.string().optional(),
    description: z.string().optional(),
    flags: z.record(z.string(), z.union([z.literal(0), z.literal(1)])),
  })
  .strict();

export const flagSchema = z
  .object({
    value: z.union([z.literal(0), z.literal(1)]),
    label: z.string().optional(),
    description: z.string().optional(),
  })
  .strict();

export const readoutSchema = z
  .object({
    label: z.string().optional(),
    description: z.string().optional(),
    /** Score = mean over terms; each term is a rule-language expression (a literal like `!SM22a` or a route term). */
    terms: z.array(z.string()).min(1),
  })
  .strict();

/** What a dose does: the fraction of cells in which the actions apply, and/or a rate scale. */
export const doseResponseSchema = z
  .object({
    /** Concentration giving half the maximal effect, in `unit`. */
    ec50: z.number().positive(),
    hill: z.number().positive().optional(),
    /** Maximal fraction of cells affected (e.g. siRNA knock-down efficiency). */
    maxEffect: z.number().min(0).max(1).optional(),
    unit: z.string(),
    /** The concentration used when a dose is not given, with its source. */
    defaultDose: z.number().nonnegative().optional(),
    source: z.string().optional(),
  })
  .strict();

export const drugSchema = z
  .object({
    label: z.string().optional(),
    description: z.string().optional(),
    /** Perturbations in experiment notation: `X%0`, `X%1`, `A:B%0`, or input settings `Pi_load=1`. */
    actions: z.array(z.string()).min(1),
    dose: doseResponseSchema.optional(),
    evidence: z.array(citationSchema).optional(),
    caveats: z.string().optional(),
  })
  .strict();

export const networkSchema = z
  .object({
    format: z.literal('vsmc-network').optional(),
    version: z.number().int().optional(),
    name: z.string().optional(),
    description: z.string().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    nodes: z.array(nodeSchema),
    parameters: z.record(z.string(), z.number()).optional(),
    flags: z.record(z.string(), flagSchema).optional(),
    hypotheses: z.record(z.string(), hypothesisSchema).optional(),
    defaultHypothesis: z.string().optional(),
    /** Named initial states: node → 0/1, or a probability of being on. Unlisted nodes are 0. */
    initialStates: z.record(z.string(), z.record(z.string(), z.number().min(0).max(1))).optional(),
    defaultInitial: z.string().optional(),
    /**
     * Joint distributions over groups of nodes for a named initial state (MaBoSS
     * `[A,B].istate = 0.3 [0,1], 0.7 [1,0];`); weights are normalised.
     */
    jointInitial: z
      .record(
        z.string(),
        z.array(
          z
            .object({
              nodes: z.array(z.string()).min(1),
              choices: z.array(z.object({ weight: z.number().nonnegative(), values: z.array(z.union([z.literal(0), z.literal(1)])) }).strict()).min(1),
            })
            .strict(),
        ),
      )
      .optional(),
    readouts: z.record(z.string(), readoutSchema).optional(),
    drugs: z.record(z.string(), drugSchema).optional(),
  })
  .strict();

export type Citation = z.infer<typeof citationSchema>;
export type Regulation = z.infer<typeof regulationSchema>;
export type NodeDef = z.infer<typeof nodeSchema>;
export type Hypothesis = z.infer<typeof hypothesisSchema>;
export type Flag = z.infer<typeof flagSchema>;
export type Readout = z.infer<typeof readoutSchema>;
export type Drug = z.infer<typeof drugSchema>;
export type Network = z.infer<typeof networkSchema>;

export function networkJsonSchema(): unknown {
  return z.toJSONSchema(networkSchema, { target: 'draft-2020-12' });
}
