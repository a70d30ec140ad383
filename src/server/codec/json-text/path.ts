/**
 * JSON paths for messages (`inputs.input[3]`, `options["odd key"]`), built only when a message
 * needs one: the parser keeps the segments on a stack.
 */
export type PathSegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
/** Keys are cut short in paths, so that a message stays small whatever the document holds. */
const MAX_KEY_CHARS = 64;

export function formatPath(segments: readonly PathSegment[]): string {
  let path = '';
  segments.forEach((segment, i) => (path += formatSegment(segment, i === 0)));
  return path;
}

function formatSegment(segment: PathSegment, first: boolean): string {
  if (typeof segment === 'number') return `[${segment}]`;
  const key = segment.length > MAX_KEY_CHARS ? `${segment.slice(0, MAX_KEY_CHARS)}…` : segment;
  if (IDENTIFIER.test(key)) return first ? key : `.${key}`;
  return `[${JSON.stringify(key)}]`;
}
