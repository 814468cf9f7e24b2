import { gzipSync } from 'node:zlib';
import { ReissueError, type ErrorKind } from '../../core/index.js';
import type { ReplicaEvent } from '../../journal/index.js';
import type { HeadOfficeLink } from '../head-office-link.js';
import { openSettings, sealSettings, settingsDigest, type ShopSettings } from '../sealed-settings.js';
import { SYNC_PATHS, storeOfToken, type EventsAnswer, type HeadsAnswer, type PushAnswer, type SettingsAnswer } from '../sync-protocol.js';

export interface HttpLinkOptions {
  /** Head office's base URL, e.g. https://hq.example:8080. */
  url: string;
  token: string;
  /** Per request (default 30 s). */
  timeoutMs?: number;
  /** The most of one answer read (default MAX_ANSWER_BYTES). */
  maxAnswerBytes?: number;
  fetch?: typeof fetch;
}

const KIND_OF_STATUS: Readonly<Record<number, ErrorKind>> = { 400: 'input', 401: 'unauthorized', 403: 'forbidden', 404: 'not-found', 409: 'conflict', 413: 'input' };

/**
 * The most of one answer read. Head office's pages hold at most MAX_BATCH_BYTES of events but
 * always one event whatever its size (a captured job: up to ~1 MiB of bytes, base64); a URL
 * that is not head office may send anything, and an answer is held whole to be parsed.
 */
export const MAX_ANSWER_BYTES = 16 * 1024 * 1024;

/** The answer's text, refused (HEAD_OFFICE_ANSWER_TOO_LARGE) once it passes `max` bytes, before more is held. */
async function readAnswer(response: Response, max: number, url: string): Promise<string> {
  const tooLarge = () =>
    new ReissueError('unavailable', 'HEAD_OFFICE_ANSWER_TOO_LARGE', `${url} sent an answer of more than ${max} bytes; nothing was taken from it`, {
      hint: 'check that the URL names head office itself; head office sends its answers in pages of about 1 MB',
      context: { url, limit: max },
    });
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > max) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        await reader.cancel().catch(() => undefined);
        throw tooLarge();
      }
      chunks.push(value);
    }
  } catch (error) {
    if (error instanceof ReissueError) throw error;
    // Cut off mid-answer: said by what it was, below (an ok answer cut short does not parse).
  }
  return Buffer.concat(chunks).toString('utf8');
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function badAnswer(url: string, status: number): ReissueError {
  return new ReissueError('unavailable', 'HEAD_OFFICE_BAD_ANSWER', `${url} answered ${status} with what does not read as head office's answer (cut short, or not head office); nothing was taken from it`, {
    hint: 'check that the URL names head office itself (not a proxy page or another site), then try again',
    context: { url, status },
  });
}

/** A JSON body gzip-compressed, as a plain ArrayBuffer-backed copy: what fetch's body type takes in every lib (Node and DOM). */
function gzipped(value: unknown): Uint8Array<ArrayBuffer> {
  const gz = gzipSync(Buffer.from(JSON.stringify(value)));
  const body = new Uint8Array(gz.byteLength);
  body.set(gz);
  return body;
}

/** Head office over HTTP(S): JSON, pushes gzip-compressed, the token as a bearer token. */
export class HttpHeadOfficeLink implements HeadOfficeLink {
  readonly location: string;
  private readonly base: string;

  /** The store the token names (rst_<storeId>.<secret>): sealed settings are bound to it, and head office answers for it. */
  readonly storeId: string;

  constructor(private readonly options: HttpLinkOptions) {
    this.base = options.url.replace(/\/+$/, '');
    this.location = this.base;
    this.storeId = storeOfToken(options.token);
  }

  async heads(): Promise<HeadsAnswer> {
    const answer = await this.call<HeadsAnswer>('GET', SYNC_PATHS.heads);
    if (!isObject(answer) || !Array.isArray(answer.chains)) throw badAnswer(this.location, 200);
    return answer;
  }

  push(chain: string, events: readonly ReplicaEvent[]): Promise<PushAnswer> {
    return this.call<PushAnswer>('POST', SYNC_PATHS.events(chain), gzipped({ events }));
  }

  async putSettings(settings: ShopSettings): Promise<void> {
    await this.call<unknown>('POST', SYNC_PATHS.settings, gzipped({ sealed: sealSettings(this.options.token, this.storeId, settings) }));
  }

  async settings(): Promise<ShopSettings | undefined> {
    const answer = await this.call<SettingsAnswer>('GET', SYNC_PATHS.settings);
    if (!isObject(answer) || !('sealed' in answer)) throw badAnswer(this.location, 200);
    const { sealed } = answer;
    return sealed === null ? undefined : openSettings(this.options.token, this.storeId, sealed);
  }

  settingsDigest(settings: ShopSettings): string {
    return settingsDigest(this.options.token, settings);
  }


  async events(chain: string, afterSeq: number, limit: number): Promise<ReplicaEvent[]> {
    const answer = await this.call<EventsAnswer>('GET', `${SYNC_PATHS.events(chain)}?after=${afterSeq}&limit=${limit}`);
    // Each event is checked where it is taken (restoreChain); here only that there is a list.
    if (!isObject(answer) || !Array.isArray(answer.events)) throw badAnswer(this.location, 200);
    return answer.events;
  }

  private async call<T>(method: string, path: string, body?: Uint8Array<ArrayBuffer>): Promise<T> {
    const doFetch = this.options.fetch ?? fetch;
    let response: Response | undefined;
    // Every call is idempotent (a push sent twice is taken once), so a connection that dies
    // under it is tried once more on a fresh one: a kept-alive socket the server has just
    // closed ("other side closed") is not head office being down.
    for (let attempt = 1; response === undefined; attempt++) {
      try {
        response = await doFetch(`${this.base}${path}`, {
          method,
          headers: {
            Authorization: `Bearer ${this.options.token}`,
            Accept: 'application/json',
            ...(body ? { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' } : {}),
          },
          ...(body ? { body } : {}),
          signal: AbortSignal.timeout(this.options.timeoutMs ?? 30_000),
        });
      } catch (error) {
        if (attempt < 2) continue;
        const reason = error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error);
        throw new ReissueError('unavailable', 'HEAD_OFFICE_UNAVAILABLE', `head office at ${this.location} cannot be reached: ${reason}`, {
          hint: 'the shop keeps working and sends later; check the network link to head office and the URL given with --to',
          context: { url: this.location, reason },
          cause: error,
        });
      }
    }
    const text = await readAnswer(response, this.options.maxAnswerBytes ?? MAX_ANSWER_BYTES, this.location);
    if (response.ok) {
      try {
        return JSON.parse(text) as T;
      } catch {
        throw badAnswer(this.location, response.status);
      }
    }
    let problem: { code?: string; detail?: string; hint?: string; position?: Record<string, unknown> } = {};
    try {
      problem = JSON.parse(text) as typeof problem;
    } catch {
      // Not one of ours (a proxy's page): said by status below.
    }
    const kind = KIND_OF_STATUS[response.status] ?? 'unavailable';
    if (problem.code === undefined) {
      // A proxy's or gateway's page (nginx's 502 when head office is down behind it): a code of
      // its own, so the shop is told in its language what happened and what to do.
      throw new ReissueError(kind, 'HEAD_OFFICE_HTTP_ERROR', `head office answered ${response.status} ${response.statusText} at ${this.location}, not with an answer of its own (a proxy or gateway in between answered)`, {
        hint: 'the shop keeps working and sends later; 502, 503 or 504 mostly mean head office is stopped or slow behind its proxy: check that reissue start runs there and the URL given with --to',
        context: { url: this.location, status: response.status },
      });
    }
    const code = problem.code;
    throw new ReissueError(kind, code, `head office answered ${response.status} ${code}: ${problem.detail ?? response.statusText}`, {
      ...(problem.hint ? { hint: problem.hint } : {}),
      context: { url: this.location, status: response.status, ...(problem.position ?? {}) },
    });
  }
}
