// `npm start`: one sidecar "Pod" on this machine, in the foreground. A real Hazelcast member on
// 127.0.0.1:5701 and the built API on 127.0.0.1:5000, wired as in Kubernetes (the app's member is
// its localhost member). Ctrl-C stops both: the app first, then the member, as in a Pod.
import { join } from 'node:path';
import { startApp } from './app-process.ts';
import { startMember } from './member-process.ts';
import { cacheDir, hazelcastVersion } from './paths.ts';

const host = '127.0.0.1';
const workDir = join(cacheDir, 'local-pod');

const member = startMember({ name: 'member', self: { host, port: 5701 }, workDir, echoPrefix: '[member] ' });
const app = startApp({
  name: 'app',
  host,
  port: 5000,
  workDir,
  env: { HAZELCAST_CLUSTER_MEMBERS: `${host}:5701`, LOG_LEVEL: 'log' },
  echoPrefix: '[app]    ',
});

let stopping = false;
async function stop(exitCode: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    console.log('stopping the app, then the member ...');
    await app.stop(10_000);
    await member.stop(30_000);
  }
  process.exit(exitCode);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
for (const child of [app, member]) {
  child.exited.then((code) => {
    if (!stopping) {
      console.error(`${child.name} exited unexpectedly (${code}); its log: ${child.logFile}`);
      void stop(1);
    }
  });
}

async function announceWhenReady(): Promise<void> {
  await app.waitForStatus('/health/ready', 200, 120_000);
  console.log(`
Hazelcast ${hazelcastVersion} member on ${host}:5701, API on ${app.url}. Try:
  curl '${app.url}/put?key=someKey&value=someValue'
  curl '${app.url}/get?key=someKey'
Ctrl-C stops both.`);
}

announceWhenReady().catch((error: Error) => {
  console.error(error.message);
  void stop(1);
});
