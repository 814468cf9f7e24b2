/**
 * Printer failures as an HTTP client may read them: the printer could not be reached, or the
 * connection failed — never how (ECONNREFUSED against a timeout tells a closed port from a
 * filtered one) nor at which address and port. The journal and the server's log keep the
 * full words; this is for answers only.
 */
const UNREACHED = /(?:cannot connect to|no connection to|cannot open) the printer at \S+?(?:: [A-Z][A-Z0-9_]*| within \d+ ms)?(?=[;,)]|\s|$)/g;
const ERRNO =
  /\b(?:(?:connect|read|write) )?E(?:CONNREFUSED|CONNRESET|CONNABORTED|TIMEDOUT|HOSTUNREACH|HOSTDOWN|NETUNREACH|NETDOWN|NETRESET|PIPE|ADDRNOTAVAIL|ADDRINUSE|NOTFOUND|AI_AGAIN|AI_FAIL|PROTO|ACCES|PERM|NOENT|IO|NODEV|NXIO|BUSY|AGAIN)\b(?: \S+:\d+)?/g;
const ADDRESS = /(?:(?:the )?printer at )?[a-z][a-z0-9+.-]*:\/\/[^\s;,()]*[^\s;,():]/g;
const IP_PORT = /(?:\b\d{1,3}(?:\.\d{1,3}){3}|\[[0-9A-Fa-f:]+\]):\d{1,5}\b/g;

export function withoutNetworkDetails(text: string): string {
  return text.replace(UNREACHED, 'the printer could not be reached').replace(ERRNO, 'network error').replace(ADDRESS, 'the printer').replace(IP_PORT, 'the printer');
}
