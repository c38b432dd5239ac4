import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HazelcastConnectionState, InjectHazelcastClient } from '@hazelcast-sidecar/nestjs-hazelcast';
import type { Client } from 'hazelcast-client';
import { Gauge, register } from 'prom-client';
import { AppConfig } from '../config/app-config';
import { CLIENT_CONNECTED, CLUSTER_MINIMUM, CLUSTER_SIZE } from './metric-names';

/** The client's view of the cluster, read at scrape time rather than tracked. */
@Injectable()
export class ClientMetrics implements OnModuleInit {
  constructor(
    @InjectHazelcastClient() private readonly client: Client,
    private readonly connection: HazelcastConnectionState,
    private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    const { client, connection } = this;
    register.removeSingleMetric(CLIENT_CONNECTED);
    register.removeSingleMetric(CLUSTER_SIZE);
    register.removeSingleMetric(CLUSTER_MINIMUM);
    new Gauge({
      name: CLIENT_CONNECTED,
      help: '1 while the client is connected to its member, else 0',
      collect() {
        this.set(connection.isConnected() ? 1 : 0);
      },
    });
    new Gauge({
      name: CLUSTER_SIZE,
      help: 'Members in the cluster, as the client last saw it (0 while disconnected)',
      collect() {
        this.set(connection.isConnected() ? client.getCluster().getMembers().length : 0);
      },
    });
    // Beside the size, so an alert compares the two per Pod (the chart's PrometheusRule).
    new Gauge({
      name: CLUSTER_MINIMUM,
      help: 'Fewest members the release expects in the cluster (its split-brain minimum); readiness fails below it',
    }).set(this.config.minimumClusterSize);
  }
}
