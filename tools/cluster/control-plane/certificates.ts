// The cluster's PKI, made per run with openssl: one CA, the API server's serving certificate, a
// client certificate per identity, and the service-account signing key. EC P-256 keys are cheap
// to make; two days of validity outlive any run.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface KeyPair {
  readonly certPath: string;
  readonly keyPath: string;
}

export interface ClientIdentity {
  readonly user: string;
  readonly groups?: readonly string[];
}

const openssl = (args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'ignore', 'pipe'] });

function newKey(keyPath: string): void {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', keyPath]);
}

export class CertificateAuthority {
  readonly certPath: string;
  private readonly keyPath: string;
  private readonly dir: string;

  constructor(dir: string) {
    this.dir = dir;
    this.certPath = join(dir, 'ca.crt');
    this.keyPath = join(dir, 'ca.key');
    newKey(this.keyPath);
    openssl(['req', '-x509', '-new', '-key', this.keyPath, '-out', this.certPath, '-days', '2', '-subj', '/CN=hazelcast-sidecar-local-ca']);
  }

  /** A serving certificate valid for each of these DNS names and IP addresses. */
  server(name: string, dnsNames: readonly string[], ipAddresses: readonly string[]): KeyPair {
    const altNames = [...dnsNames.map((dns) => `DNS:${dns}`), ...ipAddresses.map((ip) => `IP:${ip}`)].join(',');
    return this.sign(name, `/CN=${name}`, ['extendedKeyUsage=serverAuth', `subjectAltName=${altNames}`]);
  }

  /** A client certificate: the API server reads the user from CN and the groups from O. */
  client(fileName: string, { user, groups = [] }: ClientIdentity): KeyPair {
    const subject = [...groups.map((group) => `/O=${group}`), `/CN=${user}`].join('');
    return this.sign(fileName, subject, ['extendedKeyUsage=clientAuth']);
  }

  private sign(name: string, subject: string, extensions: string[]): KeyPair {
    const keyPath = join(this.dir, `${name}.key`);
    const csrPath = join(this.dir, `${name}.csr`);
    const certPath = join(this.dir, `${name}.crt`);
    const extPath = join(this.dir, `${name}.ext`);
    writeFileSync(extPath, ['basicConstraints=CA:FALSE', 'keyUsage=critical,digitalSignature,keyEncipherment', ...extensions].join('\n') + '\n');
    newKey(keyPath);
    openssl(['req', '-new', '-key', keyPath, '-out', csrPath, '-subj', subject]);
    openssl(['x509', '-req', '-in', csrPath, '-CA', this.certPath, '-CAkey', this.keyPath, '-CAcreateserial', '-days', '2', '-extfile', extPath, '-out', certPath]);
    return { certPath, keyPath };
  }
}

/** The key pair the API server signs service-account tokens with and the controller-manager uses. */
export function serviceAccountKey(dir: string): { privateKeyPath: string; publicKeyPath: string } {
  const privateKeyPath = join(dir, 'service-account.key');
  const publicKeyPath = join(dir, 'service-account.pub');
  newKey(privateKeyPath);
  openssl(['pkey', '-in', privateKeyPath, '-pubout', '-out', publicKeyPath]);
  return { privateKeyPath, publicKeyPath };
}
