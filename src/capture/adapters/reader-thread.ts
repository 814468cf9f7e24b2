/**
 * Entry of the worker thread behind threadCaptureReader (thread-reader.ts): reads each job
 * it is sent (buildCapture), one after the other, and wipes its copy of the unmasked bytes;
 * answers whether stored capture bytes print a card number (captureBytesHoldCard).
 */
import { parentPort } from 'node:worker_threads';
import { buildCapture, captureBytesHoldCard } from '../capture-builder.js';
import { READER_READY, type ReaderReply, type ReaderRequest } from './thread-reader.js';

const port = parentPort;
if (!port) throw new Error('reader-thread.js runs as a worker thread started by threadCaptureReader');

port.on('message', (request: ReaderRequest) => {
  if (request.type === 'close') return port.close();
  let reply: ReaderReply;
  try {
    if (request.type === 'holds-card') {
      reply = { id: request.id, holds: captureBytesHoldCard(Buffer.from(request.bytes, 'base64'), { kanji: request.kanji, ...(request.paper === undefined ? {} : { paper: request.paper }) }) };
    } else {
      const capture = buildCapture(request.raw, request.meta, request.options);
      reply = capture ? { id: request.id, capture } : { id: request.id };
    }
  } catch (error) {
    // Only the code: the message may quote the job.
    const code = (error as { code?: unknown }).code;
    reply = { id: request.id, failure: typeof code === 'string' ? code : ((error as Error).name ?? 'Error') };
  } finally {
    if (request.type === 'read') request.raw.fill(0);
  }
  port.postMessage(reply);
});
port.postMessage(READER_READY);
