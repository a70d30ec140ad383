/** The media types POST /loss reads and writes, and the choice of reply format by `Accept`. */
export const JSON_MEDIA_TYPE = 'application/json';
export const SAFETENSORS_MEDIA_TYPE = 'application/vnd.safetensors';
/** Read as safetensors too: it is what generic HTTP clients label bytes with. */
export const OCTET_STREAM_MEDIA_TYPE = 'application/octet-stream';

export const REQUEST_MEDIA_TYPES = [JSON_MEDIA_TYPE, SAFETENSORS_MEDIA_TYPE, OCTET_STREAM_MEDIA_TYPE];
export const SAFETENSORS_REQUEST_MEDIA_TYPES = [SAFETENSORS_MEDIA_TYPE, OCTET_STREAM_MEDIA_TYPE];

export type ReplyFormat = 'json' | 'safetensors';

/** In order of preference: JSON wins a tie, as it is the default. */
const REPLY_FORMATS: readonly (readonly [string, ReplyFormat])[] = [
  [JSON_MEDIA_TYPE, 'json'],
  [SAFETENSORS_MEDIA_TYPE, 'safetensors'],
];
export const REPLY_MEDIA_TYPES = REPLY_FORMATS.map(([type]) => type);

interface MediaRange {
  readonly type: string;
  readonly q: number;
}

/**
 * The reply format `Accept` prefers (RFC 9110 §12.5.1: each media type takes the quality of the
 * most specific range that matches it), or undefined when it accepts none of them.
 */
export function negotiateReplyFormat(accept: string | undefined): ReplyFormat | undefined {
  if (!accept?.trim()) return 'json';
  const ranges = accept.split(',').map(parseRange);
  let best: ReplyFormat | undefined;
  let bestQ = 0;
  for (const [type, format] of REPLY_FORMATS) {
    const q = quality(type, ranges);
    if (q > bestQ) [best, bestQ] = [format, q];
  }
  return best;
}

function parseRange(text: string): MediaRange {
  const [type = '', ...params] = text.split(';').map((s) => s.trim().toLowerCase());
  const q = params.find((p) => p.startsWith('q='));
  return { type, q: q === undefined ? 1 : Number(q.slice(2)) || 0 };
}

function quality(type: string, ranges: readonly MediaRange[]): number {
  const [major] = type.split('/');
  const specificity = (range: string) => (range === type ? 3 : range === `${major}/*` ? 2 : range === '*/*' ? 1 : 0);
  let best: MediaRange | undefined;
  for (const range of ranges) {
    const s = specificity(range.type);
    if (s > 0 && (!best || s > specificity(best.type))) best = range;
  }
  return best?.q ?? 0;
}
