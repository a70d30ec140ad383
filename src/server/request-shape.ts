/**
 * A loss request's outline, checked before the schema so that the usual mistakes get a message
 * saying what to fix: an unknown loss (with the closest names), the loss named as Python code
 * names it (accepted, and rewritten to its functional name), forward() arguments or options
 * written at the top level, `inputs` missing. The schema then checks everything else.
 */
import { closestLossNames, findLoss } from '../kernel/registry.js';
import { invalidRequest } from './errors.js';
import { OPTION_SCHEMAS } from './schemas/options/index.js';

export const TOP_LEVEL_FIELDS = ['loss', 'inputs', 'options', 'grad', 'grad_output'];
/** How many offenders a message lists before it counts the rest. */
const LISTED = 5;
/** How much of a name a message quotes. */
const QUOTED = 64;

export function normalizeLossRequest(body: unknown): void {
  // A JSON body's objects have no prototype (codec/json-text), a decoded binary body's a plain one.
  const prototype = typeof body === 'object' && body !== null ? Object.getPrototypeOf(body) : undefined;
  if (prototype !== null && prototype !== Object.prototype) {
    throw invalidRequest('the body must be a JSON object: {"loss": "cross_entropy", "inputs": {"input": ..., "target": ...}}');
  }
  const request = body as Record<string, unknown>;
  const name = request.loss;
  if (name === undefined) throw invalidRequest('`loss` is missing: name the loss, e.g. "cross_entropy" (GET /losses lists them)');
  if (typeof name !== 'string') throw invalidRequest('`loss` must be a string naming the loss, e.g. "cross_entropy" (GET /losses lists them)');
  const loss = findLoss(name);
  if (!loss) {
    const quoted = JSON.stringify(name.slice(0, QUOTED));
    throw invalidRequest(`unknown loss ${quoted}: did you mean ${closestLossNames(name.slice(0, QUOTED)).join(', ')}? (GET /losses lists every loss)`);
  }
  request.loss = loss.name;

  const keys = Object.keys(request);
  const misplaced = keys.filter((key) => !TOP_LEVEL_FIELDS.includes(key));
  const inputNames = loss.inputs.map((i) => i.name);
  const optionNames = Object.keys(OPTION_SCHEMAS[loss.name]!.shape);
  const found = `found top-level keys: ${listed(keys)}`;
  if (request.inputs === undefined) {
    const example = inputNames.map((n) => `"${n}": ...`).join(', ');
    throw invalidRequest(`\`inputs\` is missing: put the forward() arguments under \`inputs\`, e.g. {${example}}; ${found}`);
  }
  if (misplaced.length > 0) {
    const advice = misplaced.slice(0, LISTED).map((key) => {
      const quoted = JSON.stringify(key.slice(0, QUOTED));
      if (inputNames.includes(key)) return `${quoted} is a forward() argument of ${loss.name}: put it under \`inputs\``;
      if (optionNames.includes(key)) return `${quoted} is an option of ${loss.name}: put it under \`options\``;
      return `${quoted} is not a field of a loss request (${TOP_LEVEL_FIELDS.join(', ')})`;
    });
    const more = misplaced.length > LISTED ? ` (and ${misplaced.length - LISTED} more)` : '';
    throw invalidRequest(`${advice.join('; ')}${more}; ${found}`);
  }
}

/** The first few keys, quoted briefly, and how many more there are. */
function listed(keys: readonly string[]): string {
  const shown = keys.slice(0, LISTED).map((k) => (k.length > QUOTED ? `${k.slice(0, QUOTED)}…` : k));
  return keys.length > LISTED ? `${shown.join(', ')} and ${keys.length - LISTED} more` : shown.join(', ');
}
