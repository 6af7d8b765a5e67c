/**
 * The guided tour of the active-modulation pathway (ter Braake, Shanahan & de Baaij 2017, Figure 3),
 * for the VSMC network. Each step highlights nodes, explains the review's reasoning in a few
 * sentences, and sets up a small experiment for the student to run.
 */
export interface TourSetup {
  inputs?: Record<string, 0 | 1>;
  /** Drug name → dose ('default' = the drug's default dose). */
  drugs?: Record<string, number | 'default'>;
  knockouts?: string[];
  hypothesis?: string;
  pinned?: string[];
  schedule?: { time: number; node: string; value: 0 | 1 }[];
}

export interface TourStep {
  title: string;
  text: string[];
  nodes: string[];
  setup?: TourSetup;
  task: string;
}

/** Node ids the tour needs; it is offered only for models that have them all. */
export const TOUR_NODES = ['Pi_load', 'Mg_supp', 'TRPM7', 'Mg_int', 'bCatenin', 'RUNX2', 'miR30b', 'CaSR', 'MGP', 'CPP2_added', 'sCPP', 'HAP'];

export const TOUR: TourStep[] = [
  {
    title: 'Passive interference or active modulation?',
    text: [
      'Magnesium protects against vascular calcification, but how? The review weighs two answers: Mg²⁺ acting outside the cell on calcium-phosphate chemistry (passive interference), or Mg²⁺ changing what vascular smooth muscle cells (VSMCs) do (active modulation).',
      'This network encodes both, with switches (hypotheses) for each. Nodes are coloured by the fraction of simulated cells in which they are on.',
    ],
    nodes: ['Mg_supp', 'Mg_hi', 'TRPM7', 'Mg_int', 'HAP', 'sCPP', 'OsteoTD', 'Calcification'],
    setup: { pinned: ['SM22a'] },
    task: 'Press Run. With nothing added, the cells stay contractile: SM22α stays on and both readouts stay near 0.',
  },
  {
    title: 'Phosphate starts the osteogenic switch',
    text: [
      'In vitro, calcification is usually started with phosphate-rich medium. VSMCs then transdifferentiate towards an osteoblast-like phenotype: they switch on BMP-2, MSX2, SOX9 and the master transcription factor RUNX2, and lose contractile markers such as SM22α.',
      'In the model, phosphate acts directly through PiT-1 and Wnt/β-catenin, and indirectly through the crystals it forms.',
    ],
    nodes: ['Pi_load', 'Pi_ext', 'PiT1', 'Wnt', 'bCatenin', 'BMP2', 'RUNX2', 'ALP', 'SM22a', 'OsteoTD'],
    setup: { inputs: { Pi_load: 1 }, pinned: ['RUNX2', 'SM22a'] },
    task: 'Run with phosphate load on. Watch RUNX2 turn on and SM22α turn off; the osteogenic readout climbs to 1.',
  },
  {
    title: 'Magnesium prevents it',
    text: [
      'Adding Mg²⁺ to calcifying VSMCs counteracts the osteogenic transcription factors (BMP-2, RUNX2, MSX2, SOX9) and keeps the calcification inhibitors (MGP, BMP-7, osteopontin). Both hypotheses predict this, which is why the readout alone cannot tell them apart.',
    ],
    nodes: ['Mg_supp', 'Mg_hi', 'TRPM7', 'Mg_int', 'RUNX2', 'MGP', 'BMP7'],
    setup: { inputs: { Pi_load: 1, Mg_supp: 1 }, pinned: ['RUNX2', 'MGP'] },
    task: 'Run phosphate with Mg²⁺ supplement. RUNX2 stays off and MGP stays on. Press “Keep this run as reference” in Compare: later steps overlay their curves on it.',
  },
  {
    title: 'Inside the cell: TRPM7 and β-catenin',
    text: [
      'In VSMCs, Mg²⁺ enters mainly through the TRPM7 channel, which is down-regulated under calcifying conditions and restored by Mg²⁺. Intracellular Mg²⁺ abolished phosphate-induced Wnt/β-catenin signalling, a route that raises RUNX2.',
    ],
    nodes: ['TRPM7', 'Mg_int', 'Mg_int_low', 'Wnt', 'bCatenin', 'RUNX2'],
    setup: { inputs: { Pi_load: 1, Mg_supp: 1 }, pinned: ['bCatenin', 'TRPM7'] },
    task: 'Click TRPM7 on the network (or in the node list) and read its rule. Then Run: β-catenin stays off while TRPM7 stays on.',
  },
  {
    title: 'Inside the cell: microRNAs',
    text: [
      'Mg²⁺ also restored microRNAs that phosphate suppresses: miR-30b and miR-133a target RUNX2, and miR-143 targets osterix (the review names miR-223 here; the primary paper studied miR-143).',
    ],
    nodes: ['Mg_int', 'miR30b', 'miR133a', 'miR143', 'RUNX2', 'SP7'],
    setup: { inputs: { Pi_load: 1, Mg_supp: 1 }, pinned: ['miR30b', 'RUNX2'] },
    task: 'Run, then switch Mg²⁺ supplement off and run again: miR-30b falls and RUNX2 rises.',
  },
  {
    title: 'Block the channel: 2-APB',
    text: [
      'The strongest evidence for an intracellular role comes from blocking Mg²⁺ entry. With the TRPM7 blocker 2-APB, Mg²⁺ no longer prevented transdifferentiation. But 2-APB is non-selective: it also blocks IP3 receptors and store-operated channels.',
    ],
    nodes: ['APB2', 'TRPM7', 'Mg_int', 'Mg_int_low', 'bCatenin', 'RUNX2'],
    setup: { inputs: { Pi_load: 1, Mg_supp: 1 }, drugs: { '2-APB': 'default' }, pinned: ['TRPM7', 'RUNX2'] },
    task: 'Run phosphate + Mg²⁺ + 2-APB (100 µM). The osteogenic readout rises again: the protection is lost in the cells the drug reaches.',
  },
  {
    title: 'The specific test: TRPM7 siRNA',
    text: [
      'TRPM7 siRNA removes the channel specifically. It lowered intracellular Mg²⁺ and activated Wnt/β-catenin. The knock-down is incomplete, so in the model the siRNA acts in a fraction of the cells (its dose–response sets how many).',
    ],
    nodes: ['siTRPM7', 'TRPM7', 'Mg_int_low', 'bCatenin', 'RUNX2'],
    setup: { inputs: { Pi_load: 1, Mg_supp: 1 }, drugs: { 'TRPM7 siRNA': 'default' }, pinned: ['bCatenin', 'RUNX2'] },
    task: 'Run, then move the siRNA dose slider down and run again. The osteogenic readout follows the fraction of transfected cells.',
  },
  {
    title: 'Switch hypothesis: passive only',
    text: [
      'The review warns of an experimental bias: anything that stops mineral formation also lowers osteogenic gene expression, so that readout cannot separate passive from active effects. Under the PASSIVE hypothesis Mg²⁺ acts only on crystals, and phosphate harms cells only through them.',
    ],
    nodes: ['Mg_hi', 'MgCa_hi', 'sCPP', 'HAP', 'PiT1', 'TRPM7', 'RUNX2'],
    setup: { inputs: { Pi_load: 1, Mg_supp: 1 }, drugs: { '2-APB': 'default' }, hypothesis: 'PASSIVE', pinned: ['HAP', 'RUNX2'] },
    task: 'Run phosphate + Mg²⁺ + 2-APB under PASSIVE: Mg²⁺ still protects. Faded edges are the ones this hypothesis switches off. Use Compare → “Run under it” to set FULL against PASSIVE.',
  },
  {
    title: 'At the membrane: CaSR and calcimimetics',
    text: [
      'Mg²⁺ may also act through the calcium-sensing receptor, whose loss goes with calcification and MGP loss. Calcimimetics activate CaSR, raise MGP and reduce mineralisation.',
    ],
    nodes: ['Calcimimetic', 'CaSR', 'MGP', 'SMAD1', 'Calcification'],
    setup: { inputs: { Pi_load: 1 }, drugs: { Calcimimetic: 'default' }, pinned: ['CaSR', 'MGP'] },
    task: 'Run phosphate + calcimimetic. Calcification falls much more than the osteogenic readout: the drug acts downstream.',
  },
  {
    title: 'A real conflict: CPP2 with Mg²⁺',
    text: [
      'Secondary calciprotein particles (CPP2) induce calcification. ter Braake and colleagues (2020) found that Mg²⁺ did not prevent CPP2-induced calcification, which fits the passive view (Mg²⁺ delays CPP maturation but cannot undo it). The full model predicts protection: it fails this observation (O22) on purpose.',
    ],
    nodes: ['CPP2_added', 'sCPP', 'HAP', 'Mg_int', 'Calcification', 'OsteoTD'],
    setup: { inputs: { CPP2_added: 1, Mg_supp: 1 }, pinned: ['HAP'] },
    task: 'Run CPP2 + Mg²⁺ under FULL (protected), then under PASSIVE (calcified). Which matches the experiment?',
  },
  {
    title: 'Calcification does not simply reverse',
    text: [
      'The network is bistable: once mineral has formed, loss of CaSR and MGP and the MSX2 → Wnt loop keep the calcified state going. Removing phosphate at t = 15 does not bring the cells back; in this model, adding Mg²⁺ does.',
    ],
    nodes: ['MSX2', 'Wnt', 'bCatenin', 'CaSR', 'MGP', 'Calcification'],
    setup: { inputs: { Pi_load: 1 }, schedule: [{ time: 15, node: 'Pi_load', value: 0 }], pinned: ['RUNX2'] },
    task: 'Run: phosphate is removed at t = 15 (see Schedule) but the readouts stay high. Then change the event to “Mg²⁺ supplement on” and run again.',
  },
  {
    title: 'Your turn',
    text: [
      'Find the attractors of any set-up (the Attractors panel), export the curves as CSV, and share the experiment: the link in your address bar (or “Copy link”) reproduces every setting.',
      'The open question remains the review’s: the data support both mechanisms, and the discriminating experiments (2-APB, siRNA, CPP2) disagree between cell systems.',
    ],
    nodes: [],
    task: 'Try a combination the tour did not: for example Mg-based phosphate binder, or high Ca²⁺ with Mg²⁺.',
  },
];
