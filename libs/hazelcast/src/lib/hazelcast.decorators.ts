import { Inject } from '@nestjs/common';
import { HAZELCAST_CLIENT } from './hazelcast.constants';

/** Injects the module's hazelcast-client `Client`: `constructor(@InjectHazelcastClient() client: Client)`. */
export const InjectHazelcastClient = (): ParameterDecorator & PropertyDecorator => Inject(HAZELCAST_CLIENT);
