/**
 * JSON answers with a strong ETag. A remembered answer (src/search/answer-cache.ts) is the same object for every
 * request that asks it, so its serialised body and tag are kept beside it (a WeakMap: they go when it goes) and a
 * repeated request costs neither JSON.stringify nor hashing. The tag is the body's hash, so a reload that changes an
 * answer changes its tag; `Cache-Control: no-cache` makes clients ask each time, and express answers
 * `If-None-Match` with 304 when the tag still matches.
 */
import { createHash } from 'node:crypto';
import type { Response } from 'express';

interface Serialised {
  body: string;
  etag: string;
}

const serialised = new WeakMap<object, Serialised>();

function serialise(value: object): Serialised {
  let s = serialised.get(value);
  if (!s) {
    const body = JSON.stringify(value);
    s = { body, etag: `"${createHash('sha1').update(body).digest('base64url')}"` };
    serialised.set(value, s);
  }
  return s;
}

/** Sends `value` as JSON with its ETag (304 when the client already holds it). */
export function sendJson(res: Response, value: object): void {
  const { body, etag } = serialise(value);
  res.set('ETag', etag).set('Cache-Control', 'no-cache').type('application/json; charset=utf-8').send(body);
}

const composed = new WeakMap<object, Map<string, Promise<unknown>>>();

/**
 * What the API composes from an engine answer (the answer plus the targets a question asks about, the chosen places it
 * left out), made once per answer object and `key`: a remembered answer is the same object for the same build and
 * request, so its composition is too, and keeps the serialised body above. `key` names what the composition reads
 * besides the answer (two requests the engine answers alike may have chosen different places). A failure is not
 * remembered.
 */
export function composedOnce<T>(answer: object, compose: () => Promise<T>, key = ''): Promise<T> {
  let byKey = composed.get(answer);
  if (!byKey) composed.set(answer, (byKey = new Map()));
  let p = byKey.get(key) as Promise<T> | undefined;
  if (!p) {
    p = compose();
    byKey.set(key, p);
    p.catch(() => byKey.delete(key));
  }
  return p;
}
