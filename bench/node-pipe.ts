// The floor for any proxy written in Node, measured beside Redline's in bench:proxy: the least a
// Node process can do to forward HTTP traffic. Each client connection gets a connection of its own
// to a backend (round-robin) and bytes are piped both ways: no parsing, no routing, no pooling, no
// counting. Whatever a Node proxy adds on top of this figure is its own; this figure is Node's.
// Usage: node --import tsx bench/node-pipe.ts <port> <backend port>...
import net from 'node:net';

const [port, ...backends] = process.argv.slice(2).map(Number);
if (!port || !backends.length || backends.some((p) => !Number.isInteger(p))) {
  console.error('usage: node-pipe.ts <port> <backend port>...');
  process.exit(2);
}
let next = 0;
const server = net.createServer({ noDelay: true }, (client) => {
  const backend = net.connect({ host: '127.0.0.1', port: backends[next++ % backends.length] as number, noDelay: true });
  client.pipe(backend).pipe(client);
  client.on('error', () => backend.destroy());
  backend.on('error', () => client.destroy());
});
server.listen(port, '127.0.0.1', () => console.log(`node-pipe listening on ${port}`));
process.once('SIGTERM', () => process.exit(0));
