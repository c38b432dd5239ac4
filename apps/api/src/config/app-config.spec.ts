import { ConfigService } from '@nestjs/config';
import { AppConfig } from './app-config';
import { validateEnvironment, type Environment } from './environment';

const appConfigFrom = (variables: Record<string, string>) =>
  new AppConfig(new ConfigService<Environment, true>(validateEnvironment(variables)));

describe('AppConfig.clusterSize', () => {
  it('asks nothing of the cluster with a minimum of 1 and no Pod ordinal', () => {
    expect(appConfigFrom({}).clusterSize).toBeUndefined();
  });

  it("passes the Pod's ordinal even with a minimum of 1, so Pod k >= 1 must have joined someone", () => {
    expect(appConfigFrom({ HAZELCAST_MIN_CLUSTER_SIZE: '1', POD_INDEX: '1' }).clusterSize).toEqual({ minimumMembers: 1, ordinal: 1 });
  });

  it('passes a minimum above 1, with the ordinal when there is one', () => {
    expect(appConfigFrom({ HAZELCAST_MIN_CLUSTER_SIZE: '2' }).clusterSize).toEqual({ minimumMembers: 2, ordinal: undefined });
    expect(appConfigFrom({ HAZELCAST_MIN_CLUSTER_SIZE: '3', POD_INDEX: '0' }).clusterSize).toEqual({ minimumMembers: 3, ordinal: 0 });
  });
});
