// Real HTTP requests against a Fastify app in tests. (Fastify's inject() needs light-my-request,
// which loads the ESM-only `cookie` package that Jest on Node 20 cannot require.) The app listens
// once on a free 127.0.0.1 port; close it with app.close() as usual.
import type { FastifyInstance } from 'fastify';
import http, { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import net, { AddressInfo } from 'node:net';

export interface TestRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  payload?: unknown;
}

export interface TestResponse {
  statusCode: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The body's bytes as sent (a gzipped answer is not unpacked). */
  bytes: Buffer;
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const origins = new WeakMap<FastifyInstance, Promise<string>>();

/** The app's http://127.0.0.1:<port>, listening on first use. */
export async function originOf(app: FastifyInstance): Promise<string> {
  let origin = origins.get(app);
  if (!origin) {
    origin = app.listen({ port: 0, host: '127.0.0.1' }).then(() => `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`);
    origins.set(app, origin);
  }
  return origin;
}

export function send(target: string, req: TestRequest, agentOptions: { ca?: string | Buffer } = {}): Promise<TestResponse> {
  const url = new URL(req.url, target);
  const body = req.payload === undefined ? undefined : typeof req.payload === 'string' ? req.payload : JSON.stringify(req.payload);
  const headers: Record<string, string> = { ...req.headers };
  if (body !== undefined) {
    headers['content-type'] ??= 'application/json';
    headers['content-length'] = String(Buffer.byteLength(body));
  }
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(url, { method: req.method ?? 'GET', headers, ca: agentOptions.ca }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        const text = bytes.toString('utf8');
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: text, bytes, json: () => JSON.parse(text) });
      });
    });
    request.on('error', reject);
    request.end(body);
  });
}

/** Like app.inject(), over a real socket. */
export async function request(app: FastifyInstance, req: TestRequest): Promise<TestResponse> {
  return send(await originOf(app), req);
}

/**
 * Writes `raw` bytes on a new connection and returns everything the server sent before closing
 * it. For requests Node's parser refuses, where an HTTP client may see only the reset.
 */
export async function sendRaw(app: FastifyInstance, raw: string): Promise<string> {
  const { hostname, port } = new URL(await originOf(app));
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = net.connect(Number(port), hostname, () => socket.write(raw));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', () => undefined); // the server closes the connection: that is the point
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

/** Status, headers (lower-case names) and JSON body of a raw HTTP/1.1 answer. */
export function parseRawResponse(text: string): { statusCode: number; headers: Record<string, string>; json(): any } { // eslint-disable-line @typescript-eslint/no-explicit-any
  const [head, ...rest] = text.split('\r\n\r\n');
  const [statusLine, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
  return { statusCode: Number(statusLine.split(' ')[1]), headers, json: () => JSON.parse(rest.join('\r\n\r\n')) };
}
