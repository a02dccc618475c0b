import type { IncomingMessage } from 'node:http';

/** The whole answer as text; a link that drops mid-answer rejects like a reset connection. */
export function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    res.on('data', (c: Buffer) => chunks.push(c));
    res.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    res.on('error', reject);
    res.on('close', () => {
      if (!res.complete) reject(Object.assign(new Error('connection closed mid-answer'), { code: 'ECONNRESET' }));
    });
  });
}
