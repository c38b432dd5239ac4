// Which TCP peers a process is connected to, read from /proc (Linux): the proof that a sidecar
// client talks to its own member only.
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const match = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (match) inodes.add(match[1]);
    } catch {
      // The descriptor closed while we read the list.
    }
  }
  return inodes;
}

function decodeIPv4(hex: string): string {
  const [address, port] = hex.split(':');
  const bytes = (address.match(/../g) ?? []).map((byte) => parseInt(byte, 16)).reverse();
  return `${bytes.join('.')}:${parseInt(port, 16)}`;
}

const ESTABLISHED = '01';

/** Remote "host:port" of every established IPv4 TCP connection the process holds. */
export function establishedPeers(pid: number): string[] {
  const inodes = socketInodes(pid);
  return readFileSync(`/proc/${pid}/net/tcp`, 'utf8')
    .split('\n')
    .slice(1)
    .map((line) => line.trim().split(/\s+/))
    .filter((fields) => fields.length > 9 && fields[3] === ESTABLISHED && inodes.has(fields[9]))
    .map((fields) => decodeIPv4(fields[2]));
}
