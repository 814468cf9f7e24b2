/**
 * Display width on a thermal printer in Kanji mode: a character's width is its GB18030 byte
 * count capped at 2, so printable ASCII takes one column and everything else two.
 */
export function charWidth(codePoint: number): 1 | 2 {
  return codePoint < 0x80 ? 1 : 2;
}

export function displayWidth(text: string): number {
  let width = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) {
      width += 1;
      continue;
    }
    width += 2;
    // A surrogate pair is one character.
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
    }
  }
  return width;
}

// C0/C1 controls and Unicode line/paragraph separators would be sent to the printer as
// commands or stray line feeds, breaking the column count every layout relies on.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

// Format characters nobody sees — zero-width space and joiners, direction marks, word joiner and
// invisible operators, soft hyphen, byte-order mark — come in pasted from POS and web forms.
// The journal keeps them (the record is what was sent); on paper a printer's font draws each as
// a box two columns wide, so a receipt drops them and prints what a person reads.
const INVISIBLE = /[\u00ad\u200b-\u200f\u2060-\u2064\ufeff]/g;

/** Replaces control characters with spaces and drops invisible ones, so every character prints as the glyph a reader expects. */
export function sanitizeText(text: string): string {
  return text.replace(CONTROL, ' ').replace(INVISIBLE, '');
}

const HARD_BREAK = /\r\n|\r|\n/;

function trimSpacesEnd(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 0x20) end--;
  return text.slice(0, end);
}

/**
 * Splits text into lines of at most `columns` display columns without ever splitting a
 * character (surrogate pairs stay whole), preferring to break at a space. Line breaks in the
 * text are kept; the spaces where a line is broken are dropped, and no line ends in a space.
 */
export function wrapText(text: string, columns: number): string[] {
  // A two-column character cannot be placed on a narrower line at all.
  if (!Number.isInteger(columns) || columns < 2) throw new RangeError(`cannot wrap to ${columns} columns (at least 2)`);
  // Most receipt lines are laid out to fit already: one line, as wrapping would give it.
  if (!HARD_BREAK.test(text) && displayWidth(text) <= columns) return [trimSpacesEnd(text)];
  return text.split(HARD_BREAK).flatMap((paragraph) => wrapParagraph(paragraph, columns));
}

function wrapParagraph(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  let width = 0;
  // Where the current line may break: at a space that follows a word, or next to a wide
  // (CJK) character, which needs no space to break. -1 when there is no such place yet.
  let breakAt = -1;
  let prevWide = false;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0) ?? 0);
    if (ch === ' ') {
      if (width + w > columns) {
        // Spaces that overflow belong to the break.
        lines.push(trimSpacesEnd(line));
        line = '';
        width = 0;
        breakAt = -1;
        continue;
      }
      // Leading spaces are indentation on the first line only.
      if (line.length === 0 && lines.length > 0) continue;
      if (line.length > 0 && !line.endsWith(' ')) breakAt = line.length;
    } else {
      if (line.length > 0 && !line.endsWith(' ') && (w === 2 || prevWide)) breakAt = line.length;
      if (width + w > columns) {
        const head = breakAt > 0 ? line.slice(0, breakAt) : line;
        line = breakAt > 0 ? line.slice(breakAt).replace(/^ +/, '') : '';
        lines.push(trimSpacesEnd(head));
        width = displayWidth(line);
        breakAt = -1;
      }
    }
    line += ch;
    width += w;
    prevWide = w === 2;
  }
  if (line.length > 0 || lines.length === 0) lines.push(trimSpacesEnd(line));
  return lines;
}

/**
 * Cuts text to at most `columns`, ending with the ellipsis (".." by default: two ASCII
 * columns print on any code page) when the ellipsis itself fits; never splits a character.
 */
export function truncateText(text: string, columns: number, ellipsis = '..'): string {
  if (displayWidth(text) <= columns) return text;
  const tail = displayWidth(ellipsis) <= columns ? ellipsis : '';
  const room = columns - displayWidth(tail);
  let out = '';
  let width = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0) ?? 0);
    if (width + w > room) break;
    out += ch;
    width += w;
  }
  return out + tail;
}

/** Pads to an exact display width (left, right or centre aligned); text must already fit. */
export function padText(text: string, columns: number, align: 'left' | 'right' | 'center' = 'left'): string {
  const gap = Math.max(0, columns - displayWidth(text));
  if (align === 'right') return ' '.repeat(gap) + text;
  if (align === 'center') return ' '.repeat(Math.floor(gap / 2)) + text + ' '.repeat(gap - Math.floor(gap / 2));
  return text + ' '.repeat(gap);
}

/**
 * Puts `left` at the start and `right` at the end of one line of `columns`, with at least
 * `minGap` spaces between; undefined when they do not fit together.
 */
export function justifyText(left: string, right: string, columns: number, minGap = 1): string | undefined {
  const gap = columns - displayWidth(left) - displayWidth(right);
  return gap >= minGap ? left + ' '.repeat(gap) + right : undefined;
}
