// Pure: why an SVG source is refused, if it is – scripts, event handlers, entities, foreign
// content, or references to anything outside the document (other files, URLs). Rasterizing such
// an SVG could read or fetch what it names; serving it as is could run its script on our origin.
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

export function svgProblem(input: string): string | undefined {
  // Case-folded once: names and keywords compare in lower case (ASCII only, so offsets hold).
  const s = input.toLowerCase();
  if (s.includes('<!entity')) return 'it declares entities';
  if (s.includes('@import')) return 'it imports a style sheet';
  const styleUrl = externalUrlInStyle(s);
  if (styleUrl !== undefined) return `it references ${styleUrl.slice(0, 60) || 'a URL'} in a style`;
  let i = 0;
  const n = s.length;
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
    if (s[i] === '/' || s[i] === '?' || s[i] === '!') continue;
    let j = i;
    while (j < n && isNameChar(s.charCodeAt(j))) j++;
    const tag = s.slice(i, j);
    if (tag === 'script') return 'it contains a script';
    if (tag === 'foreignobject') return 'it embeds foreign content';
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
      if ((name === 'href' || name.endsWith(':href')) && !localReference(value))
        return `it references ${value.trim().slice(0, 60)}`;
    }
  }
  return undefined;
}

/** Does this buffer look like XML/SVG text (its first non-blank byte is `<`)? Raster formats never do. */
export function looksLikeMarkup(input: Buffer): boolean {
  let i = input[0] === 0xef && input[1] === 0xbb && input[2] === 0xbf ? 3 : 0;
  while (i < input.length && i < 4_096 && isSpace(input[i] ?? 0)) i++;
  return input[i] === 0x3c;
}
