// A Service's virtual address for the local Pods, as kube-proxy gives it: each new TCP connection
// goes to the next endpoint in turn (round robin, as in kube-proxy's IPVS mode), and endpoints are
// the Pods that are Ready as the kubelet's probes see them and not terminating. The endpoint list is
// synced every syncPeriodMs, so a change reaches the proxy late, as it reaches kube-proxy through the
// API server. A connection stays on its Pod until either side closes it (conntrack), even after the
// Pod has left the endpoints. A connection to a Pod whose port refuses it is reset, as the client
// of a Service sees it. Not emulated: session affinity, topology hints, the iptables mode's random
// choice, connection limits.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface Endpoint {
  readonly name: string;
  readonly host: string;
  readonly ready: boolean;
  readonly terminating: boolean;
}

export interface ServiceProxyOptions {
  host: string;
  port: number;
  /** The port of each endpoint (the Service's targetPort). */
  targetPort: number;
  /** Every Pod the Service selects, read again at each sync. */
  pods: () => readonly Endpoint[];
  /** How often the endpoint list is read; changes reach the proxy up to this late. */
  syncPeriodMs?: number;
}

export class ServiceProxy {
  private readonly server: Server;
  private readonly options: Required<ServiceProxyOptions>;
  private endpoints: Endpoint[] = [];
  private next = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly open = new Set<Socket>();

  constructor(options: ServiceProxyOptions) {
    this.options = { syncPeriodMs: 1_000, ...options };
    this.server = createServer((client) => this.forward(client));
  }

  get url(): string {
    return `http://${this.options.host}:${this.options.port}`;
  }

  async listen(): Promise<void> {
    this.sync();
    this.timer = setInterval(() => this.sync(), this.options.syncPeriodMs);
    await new Promise<void>((listening, failed) => {
      this.server.once('error', failed);
      this.server.listen(this.options.port, this.options.host, () => listening());
    });
  }

  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const socket of this.open) socket.destroy();
    await new Promise<void>((closed) => this.server.close(() => closed()));
  }

  private sync(): void {
    this.endpoints = this.options.pods().filter((pod) => pod.ready && !pod.terminating);
  }

  private forward(client: Socket): void {
    if (this.endpoints.length === 0) {
      client.resetAndDestroy();
      return;
    }
    const endpoint = this.endpoints[this.next++ % this.endpoints.length];
    const upstream = createConnection({ host: endpoint.host, port: this.options.targetPort });
    this.track(client);
    this.track(upstream);
    client.pipe(upstream);
    upstream.pipe(client);
    // A reset on one side is a reset on the other, as for a connection NATed by the kernel.
    upstream.on('error', () => client.resetAndDestroy());
    client.on('error', () => upstream.resetAndDestroy());
  }

  private track(socket: Socket): void {
    this.open.add(socket);
    socket.once('close', () => this.open.delete(socket));
  }
}
