// A GET against the API server with the admin's client certificate: enough to wait for readiness
// without a client library.
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { KeyPair } from './certificates.ts';

export interface ApiAnswer {
  readonly status: number;
  readonly body: string;
}

export function apiGet(server: string, path: string, caCertPath: string, client: KeyPair, timeoutMs = 5_000): Promise<ApiAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(path, server),
      { ca: readFileSync(caCertPath), cert: readFileSync(client.certPath), key: readFileSync(client.keyPath), timeout: timeoutMs },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
      },
    );
    req.on('timeout', () => req.destroy(new Error(`GET ${path} timed out`)));
    req.on('error', reject);
    req.end();
  });
}
