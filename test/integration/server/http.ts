// Real HTTP requests against a Fastify app in tests. (Fastify's inject() needs light-my-request,
// which loads the ESM-only `cookie` package that Jest on Node 20 cannot require.) The app listens
// once on a free 127.0.0.1 port; close it with app.close() as usual.
import type { FastifyInstance } from 'fastify';
import http, { IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';

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
  json(): any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

const origins = new WeakMap<FastifyInstance, Promise<string>>();

async function originOf(app: FastifyInstance): Promise<string> {
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
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ statusCode: res.statusCode ?? 0, headers: res.headers, body: text, json: () => JSON.parse(text) });
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
