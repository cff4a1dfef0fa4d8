/**
 * FHIR answers bounded in bytes, compressed or not. fhir-kit-client calls Node's fetch with the options we pass
 * through (`dispatcher` among them); this dispatcher wraps the global one (same connection pool, keep-alive
 * kept) and counts every answer's bytes as they arrive. A compressed answer (gzip, deflate, br) is inflated
 * here, chunk by chunk, and handed to fetch as plain bytes, so what is counted is what will be held in memory:
 * a gzip bomb (65 KB inflating to 64 MB) is cut once the cap is reached, never inflated whole.
 *
 * Two caps: each answer (`perResponse`), and all answers of one hook call together (`perRequest`, shared by the
 * dispatcher's calls). Past either, the call is aborted with ResponseTooLarge.
 */
import zlib from 'node:zlib';

export class ResponseTooLarge extends Error {
  constructor(readonly limit: 'response' | 'request', readonly maxBytes: number) {
    super(`FHIR answer larger than ${maxBytes} bytes (${limit} cap)`);
    this.name = 'ResponseTooLarge';
  }
}

export interface ByteCaps {
  perResponse: number;
  perRequest: number;
}

/** CDS_FHIR_MAX_RESPONSE_BYTES and CDS_FHIR_MAX_REQUEST_BYTES when not set (settings.ts). */
export const DEFAULT_BYTE_CAPS: ByteCaps = { perResponse: 10 * 1024 * 1024, perRequest: 40 * 1024 * 1024 };

/** undici's (legacy) dispatch handler, as Node's fetch passes it: only what this wrapper touches. */
interface Handler {
  onConnect?(abort: (reason?: unknown) => void, context?: unknown): void;
  onHeaders?(status: number, headers: Buffer[] | string[], resume: () => void, statusText: string): boolean;
  onData?(chunk: Buffer): boolean;
  onComplete?(trailers: unknown): void;
  onError?(err: Error): void;
  [other: string]: unknown;
}

interface Dispatcher {
  dispatch(options: unknown, handler: Handler): boolean;
  on?(...args: unknown[]): unknown;
  once?(...args: unknown[]): unknown;
  off?(...args: unknown[]): unknown;
  emit?(...args: unknown[]): boolean;
}

/**
 * Node's global dispatcher (undici), shared by every fetch, under its well-known symbol on the global object of
 * fetch's own realm (the same as ours, except under a test runner's sandbox, whose global is another object).
 * fetch has run by the time a dispatcher is asked for (it is what calls dispatch), so the dispatcher exists.
 */
function globalDispatcher(): Dispatcher {
  const key = Symbol.for('undici.globalDispatcher.1');
  const own = (globalThis as Record<symbol, unknown>)[key];
  const fetchRealm = own ?? ((fetch.constructor as FunctionConstructor)('return globalThis')() as Record<symbol, unknown>)[key];
  if (!fetchRealm) throw new Error('no global fetch dispatcher');
  return fetchRealm as Dispatcher;
}

function decoderFor(encoding: string): zlib.Gunzip | zlib.Inflate | zlib.BrotliDecompress | undefined {
  switch (encoding) {
    case 'gzip':
    case 'x-gzip':
      return zlib.createGunzip();
    case 'deflate':
      return zlib.createInflate();
    case 'br':
      return zlib.createBrotliDecompress();
    default:
      return undefined;
  }
}

const headerText = (h: Buffer | string): string => (typeof h === 'string' ? h : h.toString('latin1'));

/** One call's dispatcher: `exceeded` says which cap cut its answer, if one did. */
export type CallDispatcher = Dispatcher & { exceeded?: ResponseTooLarge; /** Decoded bytes of this call's answer so far (a span's size). */ received: number };

/** The byte budget of one hook call: a dispatcher per FHIR call, all counting against the call's total. */
export class ByteBudget {
  private total = 0;

  constructor(private readonly caps: ByteCaps) {}

  /** Decoded bytes received so far by every call of this budget. */
  used(): number {
    return this.total;
  }

  call(): CallDispatcher {
    return callDispatcher(this.caps, (n) => (this.total += n));
  }
}

function callDispatcher(caps: ByteCaps, add: (bytes: number) => number): CallDispatcher {
  const dispatcher: CallDispatcher = {
    received: 0,
    // fetch also calls these on a dispatcher it is given; forwarding is not needed for one-shot requests.
    on: () => dispatcher,
    once: () => dispatcher,
    off: () => dispatcher,
    emit: () => false,
    dispatch(options: unknown, handler: Handler): boolean {
      // Node 24's undici may pass the newer handler API; it is not wrapped (no cap) rather than broken.
      if (typeof handler.onHeaders !== 'function' || typeof handler.onData !== 'function') return globalDispatcher().dispatch(options, handler);
      let abort: ((reason?: unknown) => void) | undefined;
      let failed = false;
      let completed = false;
      let raw = 0;
      let decoded = 0;
      let decoder: ReturnType<typeof decoderFor>;
      // The answer is handed to fetch only once whole and within the caps: an answer cut short is then a plain
      // failed fetch (rejected before any response), never a response whose body breaks off.
      let head: [number, (Buffer | string)[], () => void, string] | undefined;
      const chunks: Buffer[] = [];

      /** Ends the call with `e`: aborted while the answer still arrives, else (inflating after it) told directly. */
      const stop = (e: Error) => {
        if (failed) return;
        failed = true;
        chunks.length = 0;
        decoder?.destroy();
        if (completed || !abort) handler.onError?.(e);
        else abort(e);
      };
      const fail = (limit: 'response' | 'request') => {
        if (failed) return;
        dispatcher.exceeded = new ResponseTooLarge(limit, limit === 'response' ? caps.perResponse : caps.perRequest);
        stop(dispatcher.exceeded);
      };
      /** Keeps plain bytes, counted against both caps. */
      const keep = (chunk: Buffer) => {
        if (failed) return;
        decoded += chunk.length;
        dispatcher.received = decoded;
        if (decoded > caps.perResponse) return fail('response');
        if (add(chunk.length) > caps.perRequest) return fail('request');
        chunks.push(chunk);
      };
      const deliver = (trailers: unknown) => {
        if (failed || !head) return;
        handler.onHeaders!(...(head as [number, Buffer[], () => void, string]));
        for (const c of chunks) handler.onData!(c);
        chunks.length = 0;
        handler.onComplete?.(trailers);
      };

      const wrapped: Handler = new Proxy(handler, {
        get(target, prop, receiver) {
          switch (prop) {
            case 'onConnect':
              return (a: (reason?: unknown) => void, context?: unknown) => {
                abort = a;
                return target.onConnect?.(a, context);
              };
            case 'onHeaders':
              return (status: number, headers: Buffer[] | string[], resume: () => void, statusText: string): boolean => {
                let encoding = '';
                let length: number | undefined;
                for (let i = 0; i + 1 < headers.length; i += 2) {
                  const name = headerText(headers[i]!).toLowerCase();
                  if (name === 'content-encoding') encoding = headerText(headers[i + 1]!).trim().toLowerCase();
                  else if (name === 'content-length') length = Number(headerText(headers[i + 1]!));
                }
                if (length !== undefined && length > caps.perResponse) {
                  fail('response');
                  return true;
                }
                decoder = encoding && encoding !== 'identity' ? decoderFor(encoding) : undefined;
                if (encoding && encoding !== 'identity' && !decoder) {
                  // Stacked or unknown codings: fetch would inflate them uncounted; refused as not safely readable.
                  fail('response');
                  return true;
                }
                const kept: (Buffer | string)[] = [];
                for (let i = 0; i + 1 < headers.length; i += 2) {
                  const name = headerText(headers[i]!).toLowerCase();
                  // Handed on as plain bytes: without the coding (fetch would inflate again) and its length.
                  if (!decoder || (name !== 'content-encoding' && name !== 'content-length')) kept.push(headers[i]!, headers[i + 1]!);
                }
                head = [status, kept, resume, statusText];
                if (decoder) {
                  decoder.on('data', keep);
                  decoder.on('error', (err: Error) => stop(err));
                }
                return true;
              };
            case 'onData':
              return (chunk: Buffer): boolean => {
                if (failed) return true;
                raw += chunk.length;
                if (raw > caps.perResponse) {
                  fail('response');
                  return true;
                }
                if (decoder) decoder.write(chunk);
                else keep(chunk);
                return true;
              };
            case 'onComplete':
              return (trailers: unknown) => {
                if (completed) return;
                completed = true;
                if (failed) return;
                if (!decoder) return deliver(trailers);
                decoder.once('end', () => deliver(trailers));
                decoder.end();
              };
            case 'onError':
              return (err: Error) => {
                // Aborted (a cap, a timeout, the budget) or broken: stop inflating what will not be read.
                decoder?.destroy();
                chunks.length = 0;
                return target.onError?.(err);
              };
            default: {
              const v = Reflect.get(target, prop, receiver);
              return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
            }
          }
        },
      });
      return globalDispatcher().dispatch(options, wrapped);
    },
  };
  return dispatcher;
}
