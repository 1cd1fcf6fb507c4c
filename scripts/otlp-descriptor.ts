// `npm run otlp:descriptor`: compiles the OTLP .proto files in lib/tracing/proto (copied from
// opentelemetry-proto) into the JSON descriptor the receiver loads with protobufjs. Rerun it after
// updating the copies; the output is committed, so neither the build nor `npm start` runs it.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import protobuf from 'protobufjs';

const PROTO_ROOT = path.join(import.meta.dirname, '..', 'lib', 'tracing', 'proto');
const FILES = [
  'opentelemetry/proto/collector/trace/v1/trace_service.proto',
  'opentelemetry/proto/collector/logs/v1/logs_service.proto',
];

const root = new protobuf.Root();
// The files import each other by their path from the repository's root.
root.resolvePath = (_origin, target) => path.join(PROTO_ROOT, target);
root.loadSync(FILES);
root.resolveAll();
const out = path.join(PROTO_ROOT, '..', 'otlp-descriptor.json');
writeFileSync(out, `${JSON.stringify(root.toJSON())}\n`);
console.log(`[otlp] wrote ${path.relative(process.cwd(), out)}`);
