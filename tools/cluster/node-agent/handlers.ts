// What probes and lifecycle hooks do, as the kubelet runs them: httpGet and tcpSocket from the node
// against the Pod's address, exec inside the container's namespaces, sleep.
import { spawn } from 'node:child_process';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import type { V1Container, V1HTTPGetAction, V1LifecycleHandler, V1Probe } from '@kubernetes/client-node';
import type { RunAs } from './container-process.ts';

export interface HandlerTarget {
  podIP: string;
  container: V1Container;
  /** The container's main process: exec handlers enter its namespaces. */
  pid: () => number | undefined;
  env: Record<string, string>;
  /** The container's user: exec handlers run as it, as the runtime's exec does. */
  runAs?: RunAs;
}

/** A port given by number or by the name of one of the container's ports. */
export function resolvePort(port: number | string, container: V1Container): number {
  if (typeof port === 'number') return port;
  if (/^\d+$/.test(port)) return Number(port);
  const named = container.ports?.find((candidate) => candidate.name === port);
  if (!named) throw new Error(`port "${port}" is not a port of container ${container.name}`);
  return named.containerPort;
}

function httpGet(action: V1HTTPGetAction, target: HandlerTarget, timeoutMs: number): Promise<boolean> {
  const port = resolvePort(action.port as number | string, target.container);
  const headers = Object.fromEntries((action.httpHeaders ?? []).map((header) => [header.name, header.value]));
  const request = action.scheme === 'HTTPS' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const req = request(
      {
        host: action.host ?? target.podIP,
        port,
        path: action.path ?? '/',
        headers: { 'User-Agent': 'kube-probe/1.34', Accept: '*/*', ...headers },
        timeout: timeoutMs,
        rejectUnauthorized: false,
      },
      (response) => {
        response.resume();
        // The kubelet counts 200 to 399 as success.
        const status = response.statusCode ?? 0;
        resolve(status >= 200 && status < 400);
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
    req.end();
  });
}

function tcpSocket(port: number, host: string, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: timeoutMs });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', () => resolve(false));
  });
}

function exec(command: string[], target: HandlerTarget, timeoutMs: number): Promise<boolean> {
  const pid = target.pid();
  if (pid === undefined) return Promise.resolve(false);
  return new Promise((resolve) => {
    const user = target.runAs
      ? ['setpriv', `--reuid=${target.runAs.uid}`, `--regid=${target.runAs.gid}`, `--groups=${[target.runAs.gid, ...target.runAs.groups].join(',')}`, '--']
      : [];
    const child = spawn('nsenter', [`--target=${pid}`, '--mount', '--uts', '--net', '--', ...user, ...command], {
      env: target.env,
      stdio: 'ignore',
      timeout: timeoutMs,
    });
    child.once('exit', (code) => resolve(code === 0));
    child.once('error', () => resolve(false));
  });
}

export function runProbe(probe: V1Probe, target: HandlerTarget, timeoutMs: number): Promise<boolean> {
  if (probe.httpGet) return httpGet(probe.httpGet, target, timeoutMs);
  if (probe.tcpSocket) {
    const port = resolvePort(probe.tcpSocket.port as number | string, target.container);
    return tcpSocket(port, probe.tcpSocket.host ?? target.podIP, timeoutMs);
  }
  if (probe.exec?.command) return exec(probe.exec.command, target, timeoutMs);
  // gRPC probes are not run here: they fail, so a Pod that relies on one is never ready.
  return Promise.resolve(false);
}

/** A postStart or preStop hook; resolves false when it failed or ran out of time. */
export async function runHook(handler: V1LifecycleHandler, target: HandlerTarget, timeoutMs: number): Promise<boolean> {
  if (handler.sleep) {
    await new Promise((done) => setTimeout(done, Math.min(handler.sleep!.seconds * 1000, timeoutMs)));
    return true;
  }
  if (handler.httpGet) return httpGet(handler.httpGet, target, timeoutMs);
  if (handler.exec?.command) return exec(handler.exec.command, target, timeoutMs);
  if (handler.tcpSocket) return true;
  return false;
}
