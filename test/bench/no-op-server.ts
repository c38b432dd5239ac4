// The machine's own floor: node:http answering every request at once, with no map call and no
// framework. What it gets at 64 connections is what any server on this machine can get, with the
// load generator and the member sharing its cores: its p99 is the least a target can ask for here.
// Configured like the bare server: HOST and PORT.
import { createServer } from 'node:http';

const host = process.env.HOST ?? '127.0.0.1';
const port = Number(process.env.PORT ?? 5000);

const server = createServer((_request, response) => {
  response.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 0 });
  response.end();
});
server.listen(port, host);
process.once('SIGTERM', () => server.close(() => process.exit(0)));
process.once('SIGINT', () => server.close(() => process.exit(0)));
