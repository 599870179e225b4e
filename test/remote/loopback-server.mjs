// A minimal Turborepo artifacts server (PUT stores body and x-artifact-tag, GET/HEAD serve them, 404 otherwise) in a process of
// its own, for the tests whose client thread blocks: a server in the test's process would block
// with it. argv[2]: JSON { log, answerDelay, closeIdleEvery }. Each request appends
// `got <METHOD>` to the log file when it arrives and `answered <METHOD>` once its response is
// written, so a test can tell, without running its event loop, that an answer is waiting.
import fs from 'node:fs';
import http from 'node:http';

const { log, answerDelay = 0, closeIdleEvery } = JSON.parse(process.argv[2]);
const store = new Map();
const note = (line) => fs.appendFileSync(log, `${line}\n`);

const server = http.createServer((req, res) => {
  note(`got ${req.method}`);
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const id = new URL(req.url, 'http://x').pathname;
    setTimeout(() => {
      if (req.method === 'PUT') {
        store.set(id, { body: Buffer.concat(chunks), tag: req.headers['x-artifact-tag'] });
        res.writeHead(202, { 'content-type': 'application/json' }).end('{"urls":[]}');
      } else if (!store.has(id)) {
        res.writeHead(404).end('{"error":"not found"}');
      } else {
        const { body, tag } = store.get(id);
        res
          .writeHead(200, { 'content-type': 'application/octet-stream', ...(tag ? { 'x-artifact-tag': tag } : {}) })
          .end(req.method === 'HEAD' ? undefined : body);
      }
      note(`answered ${req.method}`);
    }, answerDelay);
  });
});
// Idle kept-alive sockets closed on the server's own clock, earlier than its Keep-Alive header
// told the client (a load balancer or proxy in front of the cache does that).
if (closeIdleEvery) setInterval(() => server.closeIdleConnections(), closeIdleEvery);
server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${server.address().port}\n`));
