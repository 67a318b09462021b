// The HTTP ceiling of this machine for the lookup: Fastify, as the platform runs it, answering
// GET /api/v1/persons/{id} with the bytes and headers of a real lookup answer held in memory —
// no authentication, database, audit or serialisation. bench:lookup drives it with the same load
// generator, connections and duration as the platform, so "ours" can be read beside what the
// HTTP layer alone allows on the same cores in the same run.
//   node --import tsx bench/lib/http-ceiling.ts <port> <answer.json>   (prints "listening")
import Fastify from 'fastify';
import { readFileSync } from 'node:fs';

const [port, answerFile] = process.argv.slice(2);
const answer = JSON.parse(readFileSync(answerFile!, 'utf8')) as { headers: Record<string, string>; body: string };
const app = Fastify({ logger: false });
app.get('/api/v1/persons/:idNumber', async (_request, reply) => reply.headers(answer.headers).send(answer.body));
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.stdout.write('listening\n');
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
