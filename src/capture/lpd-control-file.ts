/** Control-file lines that print a data file (RFC 1179 §7): formatted, raw ("l"), PostScript, troff, … */
const PRINT_LINES = new Set(['c', 'd', 'f', 'g', 'l', 'n', 'o', 'p', 'r', 't', 'v']);

/**
 * The data files an LPD control file prints, in order, once per print line (a line
 * repeated is a copy). Other lines (host, user, job name, banner, unlink) print nothing.
 */
export function printedFiles(control: string): string[] {
  const names: string[] = [];
  for (const line of control.split('\n')) {
    const name = line.slice(1).trim();
    if (name !== '' && PRINT_LINES.has(line.charAt(0))) names.push(name);
  }
  return names;
}
