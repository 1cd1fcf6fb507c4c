// Pure: why an SVG source is refused, if it is – scripts, event handlers, entities, foreign
// content, or references to anything outside the document (other files, URLs). Rasterizing such
// an SVG could read or fetch what it names; serving it as is could run its script on our origin.
// Also refused: `<use>` chains that instantiate more elements than a renderer should draw (ten
// uses of ten uses of …, nine deep, is 10⁸ elements from a few kilobytes).
//
// One pass over the text with a hand-written tag scanner, no regular expression over the input:
// the time is linear in the size whatever the bytes are (an earlier regex took seconds on
// `url(` followed by many spaces).

const isSpace = (c: number) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x0c;
const isNameChar = (c: number) =>
  (c >= 0x61 && c <= 0x7a) || (c >= 0x30 && c <= 0x39) || c === 0x3a || c === 0x2d || c === 0x5f || c === 0x2e;

/** Does a reference stay inside the document (a fragment) or carry its own bytes (a data image)? */
function localReference(value: string): boolean {
  const v = value.trim();
  return v === '' || v.startsWith('#') || /^data:image\/(png|jpeg|gif|webp);/.test(v.slice(0, 20));
}

/** The first `url(...)` in a style text that points outside the document, if any. */
function externalUrlInStyle(s: string): string | undefined {
  let from = 0;
  for (;;) {
    const i = s.indexOf('url(', from);
    if (i < 0) return undefined;
    let j = i + 4;
    while (j < s.length && (isSpace(s.charCodeAt(j)) || s[j] === '"' || s[j] === "'")) j++;
    let k = j;
    while (k < s.length && s[k] !== ')' && s[k] !== '"' && s[k] !== "'" && k - j < 200) k++;
    const ref = s.slice(j, k);
    if (!localReference(ref)) return ref;
    from = Math.max(k, i + 4);
  }
}

/** Elements an SVG may draw once every `<use>` is expanded. */
export const MAX_RENDERED_ELEMENTS = 200_000;

/** What one element holds: its own element count and the ids its `<use>` elements reference. */
interface Subtree {
  id?: string;
  count: number;
  uses: string[];
}

/** Elements drawn with every `<use>` expanded (memoized per id; a reference cycle is Infinity). */
function renderedElements(root: Subtree, byId: Map<string, Subtree>): number {
  const memo = new Map<string, number>();
  const visiting = new Set<string>();
  const cost = (t: Subtree): number => {
    let n = t.count;
    for (const ref of t.uses) {
      n += costOf(ref);
      if (n > MAX_RENDERED_ELEMENTS) return n;
    }
    return n;
  };
  const costOf = (id: string): number => {
    const known = memo.get(id);
    if (known !== undefined) return known;
    const t = byId.get(id);
    if (!t) return 0;
    if (visiting.has(id)) return Number.POSITIVE_INFINITY;
    visiting.add(id);
    const n = cost(t);
    visiting.delete(id);
    memo.set(id, n);
    return n;
  };
  return cost(root);
}

export function svgProblem(input: string): string | undefined {
  // Case-folded once: names and keywords compare in lower case (ASCII only, so offsets hold).
  const s = input.toLowerCase();
  if (s.includes('<!entity')) return 'it declares entities';
  if (s.includes('@import')) return 'it imports a style sheet';
  const styleUrl = externalUrlInStyle(s);
  if (styleUrl !== undefined) return `it references ${styleUrl.slice(0, 60) || 'a URL'} in a style`;
  let i = 0;
  const n = s.length;
  // Open elements, innermost last; each closed one adds its counts to its parent.
  const root: Subtree = { count: 0, uses: [] };
  const open: Subtree[] = [root];
  const byId = new Map<string, Subtree>();
  const close = () => {
    const done = open.pop() as Subtree;
    const parent = open[open.length - 1] ?? root;
    parent.count += done.count;
    for (const u of done.uses) parent.uses.push(u);
    if (done.id !== undefined && !byId.has(done.id)) byId.set(done.id, done);
    if (open.length === 0) open.push(root);
  };
  while (i < n) {
    const lt = s.indexOf('<', i);
    if (lt < 0) break;
    i = lt + 1;
    if (s.startsWith('!--', i)) {
      const end = s.indexOf('-->', i + 3);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (s.startsWith('![cdata[', i)) {
      const end = s.indexOf(']]>', i);
      i = end < 0 ? n : end + 3;
      continue;
    }
    if (s[i] === '/') {
      if (open.length > 1) close();
      continue;
    }
    if (s[i] === '?' || s[i] === '!') continue;
    let j = i;
    while (j < n && isNameChar(s.charCodeAt(j))) j++;
    const tag = s.slice(i, j);
    if (tag === 'script') return 'it contains a script';
    if (tag === 'foreignobject') return 'it embeds foreign content';
    const element: Subtree = { count: 1, uses: [] };
    open.push(element);
    // Attributes up to the tag's end: name [= "value" | 'value' | bare].
    i = j;
    while (i < n && s[i] !== '>') {
      if (isSpace(s.charCodeAt(i)) || s[i] === '/') {
        i++;
        continue;
      }
      let k = i;
      while (k < n && !isSpace(s.charCodeAt(k)) && s[k] !== '=' && s[k] !== '>' && s[k] !== '/') k++;
      const name = s.slice(i, k);
      i = k;
      while (i < n && isSpace(s.charCodeAt(i))) i++;
      let value = '';
      if (s[i] === '=') {
        i++;
        while (i < n && isSpace(s.charCodeAt(i))) i++;
        const q = s[i];
        if (q === '"' || q === "'") {
          const end = s.indexOf(q, i + 1);
          const stop = end < 0 ? n : end;
          value = input.slice(i + 1, stop);
          i = stop + 1;
        } else {
          const start = i;
          while (i < n && !isSpace(s.charCodeAt(i)) && s[i] !== '>') i++;
          value = input.slice(start, i);
        }
      }
      if (name.startsWith('on') && name.length > 2) return 'it has event handler attributes';
      const isHref = name === 'href' || name.endsWith(':href');
      if (isHref && !localReference(value)) return `it references ${value.trim().slice(0, 60)}`;
      if (isHref && tag === 'use' && value.trim().startsWith('#')) element.uses.push(value.trim().slice(1));
      if (name === 'id') element.id = value;
    }
    // `<x/>` closes at once; so does the document's end for anything left open.
    if (s[i - 1] === '/' && s[i] === '>') close();
  }
  while (open.length > 1) close();
  const drawn = renderedElements(root, byId);
  if (drawn > MAX_RENDERED_ELEMENTS)
    return Number.isFinite(drawn)
      ? `its <use> elements expand to more than ${MAX_RENDERED_ELEMENTS} elements`
      : 'a <use> element refers to itself';
  return undefined;
}

/** Does this buffer look like XML/SVG text (its first non-blank byte is `<`)? Raster formats never do. */
export function looksLikeMarkup(input: Buffer): boolean {
  let i = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? 3 : 0;
  while (i < input.length && i < 4_096 && isSpace(input[i] ?? 0)) i++;
  return input[i] === 0x3c;
}
