// One place for the names and labels of the app's own metrics, so dashboards and tests agree.
// Counts are the histograms' own `_count` series (one prom-client call a request, not two).
export const HTTP_DURATION = 'http_request_duration_seconds';
export const MAP_DURATION = 'hazelcast_map_operation_duration_seconds';
export const CLIENT_CONNECTED = 'hazelcast_client_connected';
export const CLUSTER_SIZE = 'hazelcast_cluster_members';
export const CLUSTER_MINIMUM = 'hazelcast_cluster_minimum_members';

// Sub-millisecond buckets: the member is on localhost, so most calls finish well under a millisecond.
export const LATENCY_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10];
