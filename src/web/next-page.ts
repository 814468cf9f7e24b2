/**
 * Where the sign-in page goes once signed in: the `next` it was given, but only a page of
 * this site and never the sign-in page itself. `next` is read as the browser will read it
 * (the URL parser turns "/\evil.example" and "/<tab>/evil.example" into "//evil.example",
 * another site), and only the path, query and fragment of what it resolves to are kept.
 */
export function nextPage(next: string | null, origin: string): string {
  let url: URL;
  try {
    url = new URL(next ?? '/', origin);
  } catch {
    return '/';
  }
  if (url.origin !== origin || url.pathname === '/login.html') return '/';
  return `${url.pathname}${url.search}${url.hash}`;
}
