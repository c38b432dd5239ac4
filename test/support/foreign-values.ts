// Values of types only their writer can read, put by "another app's" client: what the API meets
// when it shares a map with a service whose client has serializers the API's client lacks.
import {
  Client,
  HazelcastJsonValue,
  type CompactReader,
  type CompactWriter,
  type DataInput,
  type DataOutput,
  type IdentifiedDataSerializable,
  type Portable,
  type PortableReader,
  type PortableWriter,
} from 'hazelcast-client';
import type { PodAddresses } from './sidecar.ts';

class Order implements IdentifiedDataSerializable {
  factoryId = 66;
  classId = 1;
  id = '';
  readData(input: DataInput) {
    this.id = input.readString() ?? '';
  }
  writeData(output: DataOutput) {
    output.writeString(this.id);
  }
}

class Invoice implements Portable {
  factoryId = 67;
  classId = 1;
  id = '';
  readPortable(reader: PortableReader) {
    this.id = reader.readString('id') ?? '';
  }
  writePortable(writer: PortableWriter) {
    writer.writeString('id', this.id);
  }
}

class Parcel {
  readonly hzCustomId = 99;
  id = '';
}

class Customer {
  id = '';
}

const withId = <T extends { id: string }>(value: T, id: string) => Object.assign(value, { id });

/** The value each key holds, and the start of the message the API answers it with. */
export const FOREIGN_VALUES = {
  'identified-data-serializable': { value: withId(new Order(), 'o-1'), answer: 'the stored value cannot be read: There is no Identified Data Serializer factory with id 66' },
  portable: { value: withId(new Invoice(), 'i-1'), answer: 'There is no suitable portable factory for 67' },
  custom: { value: withId(new Parcel(), 'p-1'), answer: 'the stored value cannot be read: There is no suitable deserializer for data with type 99' },
  compact: { value: withId(new Customer(), 'c-1'), answer: 'the stored value is an object (CompactGenericRecordImpl), not a string' },
  number: { value: 42, answer: 'the stored value is a number, not a string' },
  json: { value: new HazelcastJsonValue('{"id":"j-1"}'), answer: 'the stored value is an object (Object), not a string' },
};

/** A client that can write every type above; shut it down after use. */
export function connectForeignWriter(pod: PodAddresses): Promise<Client> {
  return Client.newHazelcastClient({
    clusterName: 'dev',
    network: { clusterMembers: [`${pod.member.host}:${pod.member.port}`], smartRouting: false },
    properties: { 'hazelcast.logging.level': 'OFF' },
    serialization: {
      dataSerializableFactories: { 66: () => new Order() },
      portableFactories: { 67: () => new Invoice() },
      customSerializers: [
        { id: 99, read: (input: DataInput) => withId(new Parcel(), input.readString() ?? ''), write: (output: DataOutput, parcel: Parcel) => output.writeString(parcel.id) },
      ],
      compact: {
        serializers: [
          {
            getClass: () => Customer,
            getTypeName: () => 'Customer',
            read: (reader: CompactReader) => withId(new Customer(), reader.readString('id') ?? ''),
            write: (writer: CompactWriter, customer: Customer) => writer.writeString('id', customer.id),
          },
        ],
      },
    },
  });
}

export async function writeForeignValues(pod: PodAddresses, mapName: string): Promise<void> {
  const writer = await connectForeignWriter(pod);
  try {
    const map = await writer.getMap<string, unknown>(mapName);
    for (const [key, { value }] of Object.entries(FOREIGN_VALUES)) await map.put(key, value);
  } finally {
    await writer.shutdown();
  }
}
